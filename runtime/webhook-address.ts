import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { nonPublicKind } from './public-address.js';

/** One classification of public addresses for the API's URL check and the delivery's connect: runtime/public-address.ts. */
export function isPublicAddress(address: string): boolean {
  return nonPublicKind(address) === undefined;
}

export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
  constructor(readonly host: string, readonly address: string) {
    super(
      `${host} resolves to ${address}, which is not a public address; webhooks reach public addresses only ` +
        '(set ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS=true for local receivers in development)',
    );
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls `connect` that refuses a name when any address it resolves to is not
 * public: the address checked is the one connected to, so DNS rebinding cannot slip past a check
 * made earlier on the name. (IP literals never reach a lookup: check them with isPublicAddress.)
 */
export function publicOnlyLookup(hostname: string, options: LookupAllOptions | object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) return callback(new PrivateAddressError(hostname, refused.address), []);
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}
