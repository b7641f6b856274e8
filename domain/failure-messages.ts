import type { LastError } from './connection.js';

/**
 * What an end user reads when something failed (`LastError.userMessage`), beside the `hint` for
 * API clients and support. Plain words: no HTTP verbs, paths, status codes, scope URLs or library
 * text. A provider that knows better (which vendor setting to change) sets its own at the
 * activity edge; these are the defaults per failure code, for everything else and for failures
 * recorded before `userMessage` existed.
 */
const defaults: Record<string, string> = {
  auth_failed: 'The service did not accept these sign-in details. Check them, or create new ones, and enter them again.',
  reauthorization_required: 'The permission you gave has expired or was withdrawn. Sign in again to reconnect.',
  permission_denied:
    'The account you connected is not allowed to read this data. Give it read access in the service’s settings, then try again, or choose something else to report on.',
  invalid_config: 'This choice does not work with your account. Choose another one and try again.',
  rate_limited: 'The service is busy and asked us to slow down. Try again in a few minutes.',
  provider_unavailable: 'The service is not answering right now. Try again in a few minutes.',
  infrastructure_unavailable: 'We had a short problem on our side. Try again in a moment.',
  backfill_not_found: 'We had a short problem on our side. Try again in a moment.',
  access_denied: 'Access was not granted. Sign in again and choose Allow to connect.',
  authorization_failed: 'Signing in did not complete. Sign in again to continue.',
  authorization_timeout: 'Signing in was not finished in time. Sign in again to continue.',
  credentials_timeout: 'Your sign-in details did not arrive in time. Enter them again to continue.',
  config_timeout: 'Set-up was not finished in time. Make your choice again to continue.',
  connection_not_found: 'This connection no longer exists. Start a new connection.',
  operator_action_required:
    'This cannot work yet because of a set-up problem on our side, not yours. Our support team can see what to change; try again later.',
  vendor_limit: 'The service would not send this much data at once. We are reading it in smaller parts; nothing for you to change.',
  periods_missing: 'Some days could not be read yet; everything else is up to date. We try those days again at every update.',
  empty: 'The last update found no data, though earlier ones did. Check that what you chose still exists and can still be read.',
};
const fallback = 'Something went wrong on our side. Try again; if it keeps happening, contact the application’s support.';

export const defaultUserMessage = (code: string): string => defaults[code] ?? fallback;

/** The failure codes with a plain default (a test scans each of them for jargon). */
export const failureCodesWithMessages = Object.keys(defaults);

/** A recorded failure as the outside sees it: with a `userMessage`, the code's default if none was recorded. */
export function withUserMessage<T extends LastError | null>(error: T): T {
  if (!error || error.userMessage) return error;
  return { ...error, userMessage: defaultUserMessage(error.code) };
}
