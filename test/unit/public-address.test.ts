import { describe, expect, it } from 'vitest';
import { assertPublicAddress, NonPublicAddressError, publicOnlyLookup, resolvePublicAddresses, type Lookup } from '../../platform/public-address.js';
import { embeddingNonPublic, embeddingPublic } from '../helpers/embedded-ipv4.js';

const refused: [string, RegExp][] = [
  ['127.0.0.1', /loopback/],
  ['127.255.0.9', /loopback/],
  ['::1', /loopback/],
  ['10.0.0.5', /private/],
  ['172.16.4.1', /private/],
  ['192.168.1.1', /private/],
  ['fd12:3456::1', /unique local/],
  ['fc00::1', /unique local/],
  ['169.254.169.254', /link-local.*metadata/],
  ['169.254.0.1', /link-local/],
  ['fe80::1', /link-local/],
  ['100.64.0.1', /carrier-grade NAT/],
  ['100.127.255.254', /carrier-grade NAT/],
  ['0.0.0.0', /unspecified/],
  ['::', /unspecified/],
  ['224.0.0.1', /multicast/],
  ['ff02::1', /multicast/],
  ['255.255.255.255', /broadcast/],
  // IPv4-mapped IPv6 is judged as the IPv4 it carries, in both spellings.
  ['::ffff:127.0.0.1', /loopback/],
  ['::ffff:7f00:1', /loopback/],
  ['::ffff:10.0.0.1', /private/],
  ['::ffff:169.254.169.254', /link-local/],
  // IPv6 forms that embed an IPv4 address (NAT64, 6to4) and documentation ranges.
  ['64:ff9b::a00:1', /special-purpose range \(rfc6052\)/],
  ['2002:a00:1::', /special-purpose range \(6to4\)/],
  ['192.0.2.10', /special-purpose range/],
  ['2001:db8::1', /special-purpose range/],
  ['not-an-ip', /not an IP address/],
];

describe('assertPublicAddress', () => {
  it.each(refused)('refuses %s, saying why', (address, why) => {
    expect(() => assertPublicAddress(address)).toThrow(NonPublicAddressError);
    expect(() => assertPublicAddress(address)).toThrow(why);
  });

  it.each(['8.8.8.8', '93.184.216.34', '100.128.0.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts the public address %s', (address) => {
    expect(() => assertPublicAddress(address)).not.toThrow();
  });
});

describe('IPv6 forms that embed an IPv4 address are as public as the address they embed', () => {
  it.each(embeddingNonPublic)('refuses %s, naming the form and the embedded address', (address, why) => {
    expect(() => assertPublicAddress(address)).toThrow(NonPublicAddressError);
    expect(() => assertPublicAddress(address)).toThrow(why);
  });

  it.each(embeddingPublic)('accepts %s: the IPv4 address inside is public', (address) => {
    expect(() => assertPublicAddress(address)).not.toThrow();
  });
});

describe('resolvePublicAddresses', () => {
  const answering =
    (answers: Record<string, string[]>): Lookup =>
    async (host) => {
      const addresses = answers[host];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };

  it('answers every address of a name that resolves only to public ones', async () => {
    const lookup = answering({ 'hooks.example': ['93.184.216.34', '2606:4700::1'] });
    await expect(resolvePublicAddresses('hooks.example', lookup)).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:4700::1', family: 6 },
    ]);
  });

  it('refuses a name when any one of its addresses is not public, naming it', async () => {
    const lookup = answering({ 'rebind.example': ['93.184.216.34', '10.0.0.7'] });
    await expect(resolvePublicAddresses('rebind.example', lookup)).rejects.toThrow('rebind.example resolves to 10.0.0.7, a private address');
  });

  it('refuses a name that does not resolve, saying so', async () => {
    await expect(resolvePublicAddresses('nowhere.example', answering({}))).rejects.toThrow(/nowhere\.example does not resolve \(ENOTFOUND\)/);
  });

  it('takes IP literals as they are, brackets and all, with the real resolver', async () => {
    await expect(resolvePublicAddresses('[::1]')).rejects.toThrow('::1 is a loopback address');
    await expect(resolvePublicAddresses('169.254.169.254')).rejects.toThrow(/link-local/);
    await expect(resolvePublicAddresses('93.184.216.34')).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('resolves localhost with the real resolver and refuses it', async () => {
    await expect(resolvePublicAddresses('localhost')).rejects.toThrow(/localhost resolves to .*loopback/);
  });
});

describe('publicOnlyLookup (the delivery connect)', () => {
  const lookupOf = (host: string, options: { all?: boolean } = {}) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) => publicOnlyLookup(host, options, (error, address) => resolve({ error, address })));

  it('refuses a name resolving to a loopback address with the one refusal class, naming the address', async () => {
    const { error } = await lookupOf('localhost');
    expect(error).toBeInstanceOf(NonPublicAddressError);
    expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address, not a public address$/);
  });

  it('passes a name that does not resolve through as the resolver error: unreachable, not refused', async () => {
    const { error } = await lookupOf('nowhere.invalid');
    expect(error).not.toBeInstanceOf(NonPublicAddressError);
    expect((error as NodeJS.ErrnoException).code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
