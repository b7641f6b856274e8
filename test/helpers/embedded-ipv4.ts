/**
 * IPv6 spellings that embed an IPv4 address (issue 25): each is only as public as the IPv4
 * address inside it. One table for the address check, the API's create and PATCH, and delivery.
 */
export const embeddingNonPublic: [spelling: string, why: RegExp][] = [
  // IPv4-compatible (::/96), dotted and hex: the URL parser writes [::127.0.0.1] as [::7f00:1].
  ['::127.0.0.1', /IPv4-compatible.*127\.0\.0\.1: a loopback address/],
  ['::7f00:1', /IPv4-compatible.*127\.0\.0\.1: a loopback address/],
  ['::169.254.169.254', /IPv4-compatible.*169\.254\.169\.254: a link-local address/],
  ['::a9fe:a9fe', /IPv4-compatible.*169\.254\.169\.254: a link-local address/],
  ['::10.0.0.1', /IPv4-compatible.*10\.0\.0\.1: a private address/],
  ['0:0:0:0:0:0:a00:1', /IPv4-compatible.*10\.0\.0\.1: a private address/],
  // IPv4-mapped (::ffff:0:0/96) and IPv4-translated (::ffff:0:0:0/96).
  ['::ffff:127.0.0.1', /IPv4-mapped.*127\.0\.0\.1: a loopback address/],
  ['0:0:0:0:0:ffff:a9fe:a9fe', /IPv4-mapped.*169\.254\.169\.254: a link-local address/],
  ['::ffff:0:10.0.0.1', /IPv4-translated.*10\.0\.0\.1: a private address/],
  // NAT64: the well-known prefix 64:ff9b::/96, and local use 64:ff9b:1::/48 (RFC 6052 §2.2 layout).
  ['64:ff9b::127.0.0.1', /NAT64.*127\.0\.0\.1: a loopback address/],
  ['64:ff9b::a9fe:a9fe', /NAT64.*169\.254\.169\.254: a link-local address/],
  ['64:ff9b::100.64.0.1', /NAT64.*100\.64\.0\.1: a carrier-grade NAT address/],
  ['64:ff9b:1:7f00:0:100::', /local-use NAT64.*127\.0\.0\.1: a loopback address/],
  // 6to4 (2002::/16): the IPv4 address in bits 16-47.
  ['2002:7f00:1::', /6to4.*127\.0\.0\.1: a loopback address/],
  ['2002:a9fe:a9fe::1', /6to4.*169\.254\.169\.254: a link-local address/],
  ['2002:c0a8:101::', /6to4.*192\.168\.1\.1: a private address/],
  // Teredo (2001::/32): the server's address, and the client's with every bit flipped.
  ['2001:0:7f00:1::', /teredo.*127\.0\.0\.1: a loopback address/],
  ['2001:0:808:808::f5ff:fffe', /teredo.*10\.0\.0\.1: a private address/],
];

/** The same forms around public IPv4 addresses (8.8.8.8, 93.184.216.34): let through. */
export const embeddingPublic = ['::ffff:8.8.8.8', '::808:808', '64:ff9b::93.184.216.34', '2002:808:808::1', '2001:0:808:808::f7f7:f7f7'];
