import { callApi } from '../shared/api.js';

const STORAGE_KEY = 'onramp-connect-session';

/**
 * The session token arrives in the URL fragment (never sent to a server); it is moved to this
 * tab's sessionStorage and out of the address bar, so a reload keeps working and a copied URL
 * carries no token.
 */
export function takeSessionToken(): string | null {
  const match = /(?:^#|&)session=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(STORAGE_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1];
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

export type Api = <T>(path: string, init?: RequestInit & { json?: unknown }) => Promise<T>;

/** callApi with the session token as the bearer credential. */
export const sessionApi =
  (token: string): Api =>
  (path, init = {}) =>
    callApi(path, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });

/**
 * Back from a provider's sign-in in this same window (popups blocked): the callback sent the
 * browser here with `connectionId` and `status`. The session (in this tab's storage) already
 * knows the connection; the parameters only say to expect it, and leave the address bar.
 */
export function takeReturnFromProvider(): boolean {
  const params = new URLSearchParams(location.search);
  if (!params.has('connectionId')) return false;
  history.replaceState(null, '', location.pathname);
  return true;
}
