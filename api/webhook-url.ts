import { NonPublicAddressError, resolvePublicAddresses, type Lookup, type WebhookUrlPolicy } from '../platform/public-address.js';
import { ProblemError } from './problems.js';

const PRIVATE_HINT = 'set ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS=true only where receivers are meant to be private (development, tests)';

/**
 * The server's rules for a webhook URL, beyond its shape (the schema's): no credentials in it,
 * since it is shown back on every read; in production (SSRF) https only, and a host whose every
 * address is public. Answers the URL normalized (as WHATWG parses it), or throws a 400 naming
 * the field and what to do.
 */
export async function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy, lookup?: Lookup): Promise<string> {
  const refuse = (message: string) => new ProblemError('validation', `url: ${message}`, [{ field: 'body.url', message }]);
  const url = new URL(raw);
  if (url.username || url.password) {
    throw refuse('must not carry credentials (user:password@): the URL is shown on every read; verify the webhook-signature header instead');
  }
  if (policy.allowPrivateUrls) return url.href;
  if (url.protocol !== 'https:') throw refuse(`must use https (got ${url.protocol.slice(0, -1)}); ${PRIVATE_HINT}`);
  try {
    await resolvePublicAddresses(url.hostname, lookup);
  } catch (error) {
    if (!(error instanceof NonPublicAddressError)) throw error;
    throw refuse(`${error.message}: webhooks go to public receivers only; ${PRIVATE_HINT}`);
  }
  return url.href;
}
