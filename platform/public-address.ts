import { lookup as dnsLookupCallback, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a webhook may reach in production (SSRF): only public unicast ones. The rule
 * is an allow-list over ipaddr.js's IANA special-purpose ranges, so every range it names that
 * is not plain `unicast` (loopback, private, link-local with the cloud metadata address,
 * carrier-grade NAT, unique local, multicast, reserved) is refused. An IPv6 address that embeds an
 * IPv4 address (IPv4-compatible, IPv4-mapped, IPv4-translated, NAT64, 6to4, Teredo) is judged by
 * the IPv4 addresses it embeds: refused unless every one of them is public.
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

/**
 * The IPv4 addresses an IPv6 address carries, and the name of the form that carries them: a
 * packet to it may end up at that IPv4 address (a NAT64 gateway, a 6to4 or Teredo relay, a host
 * that takes IPv4-compatible addresses as IPv4), so it is only as public as they are. The URL
 * parser writes `[::127.0.0.1]` as `[::7f00:1]`; both spellings land here as the same bytes.
 */
function embeddedIPv4(address: ipaddr.IPv6): { form: string; ipv4: ipaddr.IPv4[] } | undefined {
  const b = address.toByteArray();
  const zero = (from: number, to: number) => b.slice(from, to).every((byte) => byte === 0);
  const v4 = (...at: number[]) => new ipaddr.IPv4(at.map((i) => b[i]!));
  const last32 = () => [v4(12, 13, 14, 15)];
  const range = address.range();
  const special = (label: string) => `in a special-purpose range (${range})${label}`;
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return { form: 'an IPv4-mapped IPv6 address', ipv4: last32() };
  if (zero(0, 12)) {
    // :: and ::1 are IPv6's own unspecified and loopback addresses, judged as such.
    if (zero(12, 15) && (b[15] === 0 || b[15] === 1)) return undefined;
    return { form: 'an IPv4-compatible IPv6 address (::/96)', ipv4: last32() };
  }
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return { form: special(', IPv4-translated,'), ipv4: last32() };
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
    if (zero(4, 12)) return { form: special(', NAT64,'), ipv4: last32() };
    // Local-use NAT64 (RFC 8215, 64:ff9b:1::/48): the IPv4 address around the u octet (RFC 6052 §2.2).
    if (b[4] === 0 && b[5] === 1) return { form: 'a local-use NAT64 address (64:ff9b:1::/48)', ipv4: [v4(6, 7, 9, 10)] };
  }
  if (b[0] === 0x20 && b[1] === 0x02) return { form: special(''), ipv4: [v4(2, 3, 4, 5)] };
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) {
    // Teredo: the server's address, and the client's with every bit flipped (RFC 4380 §4).
    return { form: special(''), ipv4: [v4(4, 5, 6, 7), new ipaddr.IPv4(b.slice(12, 16).map((byte) => byte ^ 0xff))] };
  }
  return undefined;
}

/** Why a parsed address is not public (one that embeds none), or undefined when it is. */
function kindOf(address: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  const range = address.range();
  if (range === 'unicast') return undefined;
  return why[range] ?? `in a special-purpose range (${range})`;
}

/**
 * An IPv6 address as the WHATWG URL parser writes it (hex only: `::127.0.0.1` is `::7f00:1`).
 * ipaddr.js reads a dotted tail after `::` as IPv4-mapped, which `::10.0.0.1` is not.
 */
const canonical = (address: string) =>
  address.includes(':') && URL.canParse(`http://[${address}]/`) ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;

/** What kind of non-public address `address` is ("a loopback address"), or undefined when it is public. */
export function nonPublicKind(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.parse(canonical(address));
  const embedded = parsed.kind() === 'ipv6' ? embeddedIPv4(parsed as ipaddr.IPv6) : undefined;
  if (!embedded) return kindOf(parsed);
  // Only as public as what it embeds: a public IPv4 inside one of these forms is let through.
  for (const ipv4 of embedded.ipv4) {
    const kind = kindOf(ipv4);
    if (kind) return `${embedded.form} that embeds ${ipv4.toString()}: ${kind}`;
  }
  return undefined;
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
