import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Binds an OAuth authorization to the browser that started it. GET /v1/oauth/start gives that
 * browser a random value in a cookie and stores only its hash with the state; the callback is
 * accepted only with that cookie. Without it, a victim who approves a link an attacker opened
 * would connect the victim's account to the attacker's connection (login CSRF, RFC 9700 §4.7).
 */
const PATH = '/v1/oauth/';

/** One cookie per authorization, so two sign-ins under way in one browser do not overwrite each other. */
export const bindingCookieName = (stateHash: string) => `onramp_oauth_${stateHash.slice(0, 16)}`;

export const newBindingValue = () => randomBytes(32).toString('base64url');
export const hashBindingValue = (value: string) => createHash('sha256').update(value).digest('base64url');

export function bindingMatches(browserHash: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const given = Buffer.from(hashBindingValue(presented));
  const expected = Buffer.from(browserHash);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * HttpOnly, only for the OAuth routes, living as long as the authorization may. SameSite=Lax: the
 * provider sends the browser back with a top-level GET from its own site, which Lax lets through
 * (Strict would not). Secure whenever Onramp is served over https.
 */
export function bindingCookieOptions(secure: boolean, expiresAt: Date) {
  return { path: PATH, httpOnly: true, sameSite: 'lax', secure, expires: expiresAt } as const;
}
