import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The support console's session secrets. The cookie holds a random id; Postgres holds only its
 * hash; the CSRF token is derived from the id (so nothing more is stored, and a token from one
 * session is worthless in another), and knowing the token reveals nothing of the id.
 */
export const CONSOLE_COOKIE = 'onramp_console';
export const CSRF_HEADER = 'x-csrf-token';

export const newSessionId = () => randomBytes(32).toString('base64url');
export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');
export const csrfTokenFor = (id: string) => createHmac('sha256', id).update('onramp-console-csrf').digest('base64url');

export function csrfTokenMatches(id: string, presented: string | string[] | undefined): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenFor(id));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
