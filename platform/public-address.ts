import { lookup as dnsLookupCallback, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may reach in production (SSRF): only public unicast ones. The rule
 * is an allow-list over ipaddr.js's IANA special-purpose ranges, so every range it names that
 * is not plain `unicast` (loopback, private, link-local with the cloud metadata address,
 * carrier-grade NAT, unique local, multicast, reserved, and the IPv6 forms that embed an IPv4
 * address: 6to4, NAT64, Teredo) is refused; IPv4-mapped IPv6 is judged as the IPv4 it maps.
 * Checked on every resolved address at create/patch, and again by the delivery on the address
 * it actually connected to (a name can resolve differently a second later). Every refusal is a
 * NonPublicAddressError, whichever of the two made it.
 */

const why: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address (RFC 1918)',
  uniqueLocal: 'a private address (unique local, fc00::/7)',
  linkLocal: 'a link-local address (169.254.0.0/16 or fe80::/10, where cloud metadata services answer)',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

export class NonPublicAddressError extends Error {
  override name = 'NonPublicAddressError';
}

/** What kind of non-public address `address` is ("a loopback address"), or undefined when it is public. */
export function nonPublicKind(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // process() turns ::ffff:a.b.c.d into a.b.c.d, so a mapped loopback is a loopback.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return undefined;
  return why[range] ?? `in a special-purpose range (${range})`;
}

export function isPublicAddress(address: string): boolean {
  return nonPublicKind(address) === undefined;
}

/** Throws NonPublicAddressError unless `address` (e.g. a socket's remoteAddress) is public. */
export function assertPublicAddress(address: string): void {
  const refused = refusalOf(address, [{ address }]);
  if (refused) throw refused;
}

/** The refusal for the first of `host`'s addresses that is not public, or undefined when all are. */
function refusalOf(host: string, addresses: readonly { address: string }[]): NonPublicAddressError | undefined {
  for (const { address } of addresses) {
    const kind = nonPublicKind(address);
    if (!kind) continue;
    return new NonPublicAddressError(
      ipaddr.isValid(host) ? `${address} is ${kind}, not a public address` : `${host} resolves to ${address}, ${kind}, not a public address`,
    );
  }
  return undefined;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Lookup = (host: string, options: { all: true }) => Promise<ResolvedAddress[]>;

/**
 * Every address `host` resolves to, all of them public, or NonPublicAddressError saying which
 * is not (one private answer among public ones is enough to refuse: the connect could pick it).
 * An IP literal (brackets allowed) resolves to itself without asking DNS.
 */
export async function resolvePublicAddresses(host: string, lookup: Lookup = dnsLookup): Promise<ResolvedAddress[]> {
  const name = host.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  try {
    addresses = await lookup(name, { all: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'lookup failed';
    throw new NonPublicAddressError(`${name} does not resolve (${code}); use a host name with a public DNS record`);
  }
  if (addresses.length === 0) throw new NonPublicAddressError(`${name} resolves to no address`);
  const refused = refusalOf(name, addresses);
  if (refused) throw refused;
  return addresses;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls `connect` that refuses a name when any address it resolves to is not
 * public: the address checked is the one connected to, so DNS rebinding cannot slip past the
 * check made earlier on the name. A name that does not resolve is an unreachable receiver, not a
 * refusal: its error passes through. (IP literals never reach a lookup: use assertPublicAddress.)
 */
export function publicOnlyLookup(hostname: string, options: LookupAllOptions | object, callback: LookupCallback): void {
  dnsLookupCallback(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = refusalOf(hostname, addresses);
    if (refused) return callback(refused, []);
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

export interface WebhookUrlPolicy {
  /**
   * false (production): only https URLs whose host resolves to public addresses only (SSRF).
   * true: any http(s) URL, loopback and private addresses included (local receivers, tests).
   */
  allowPrivateUrls: boolean;
}
