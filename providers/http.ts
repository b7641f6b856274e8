/**
 * The one HTTP client providers use: a timeout on every call, and every failure classified
 * here, once, as a ProviderError: 401 auth, 403 permission, 429 and 5xx and network retryable
 * with the wait the server asked for (Retry-After). Providers add only their own wording.
 */
import { startCall } from './call-log.js';
import { ProviderError } from './errors.js';
import { scrub, type Secret } from './scrub.js';
import { describeVendorAnswer, parseVendorError } from './vendor-errors.js';

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  /** How to name the vendor in messages. */
  vendor: string;
  /** What to tell API clients on 401 / 403 (e.g. the scope or permission to grant). */
  hints?: { auth?: string; permission?: string };
  /** The same for the end user, in plain words (ProviderError.userMessage). */
  userMessages?: { auth?: string; permission?: string };
  /**
   * A vendor's reading of its own 429 (which limit, how long): e.g. Xero's X-Rate-Limit-Problem
   * tells a minute limit from a day limit. What it returns replaces the generic wording and wait.
   */
  rateLimited?: (headers: Headers, retryAfterMs: number | undefined) => { message?: string; hint?: string; userMessage?: string; retryAfterMs?: number };
  /**
   * The vendor's own word, read from a failed response, on whether the request may be tried
   * again (Stripe's `Stripe-Should-Retry`); undefined: the status decides, as for every vendor.
   * It wins over the status both ways: a 409 it calls retryable is retried, a 5xx it calls final is not.
   */
  vendorSaysRetry?: (response: Response) => boolean | undefined;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in ms; undefined if absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** fetch's own failures (refused, reset, DNS, timeout), as opposed to bugs in our call. */
export function isNetworkError(error: unknown): boolean {
  return (
    error instanceof Error &&
    ((error.name === 'TypeError' && error.message === 'fetch failed') || error.name === 'AbortError' || error.name === 'TimeoutError')
  );
}

/** The credential values a request carried: header values (bearer tokens, keys, Basic's id and secret) and body strings. */
function sentSecrets(options: RequestOptions): Secret[] {
  const fromHeaders = Object.entries(options.headers ?? {})
    .filter(([name]) => /authorization|key|token|secret/i.test(name))
    .flatMap(([, value]) => {
      const bare = value.replace(/^(Bearer|Basic)\s+/i, '');
      const basic = /^Basic\s+/i.test(value) ? /^([^:]*):(.*)$/s.exec(Buffer.from(bare, 'base64').toString('utf8')) : null;
      return [value, bare, ...(basic ? [{ id: basic[1]!, secret: basic[2]! }] : [])];
    });
  const fromBody: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 8) fromBody.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(options.body);
  return [...fromHeaders, ...fromBody].filter((v) => typeof v !== 'string' || v.length >= 8);
}

export async function requestJson<T>(url: string, options: RequestOptions): Promise<T> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000), ...(options.signal ? [options.signal] : [])];
  const call = startCall(url, options.method ?? 'GET');
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: { accept: 'application/json', ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: AbortSignal.any(signals),
    });
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    call.note({ failure: `no answer: ${(error as Error).message}` });
    throw new ProviderError('provider_unavailable', `${options.vendor} did not answer: ${(error as Error).message}`, {
      hint: 'Transient; Onramp retries it.',
    });
  }
  if (response.ok) {
    call.note({ response });
    return (await response.json()) as T;
  }
  // The body may echo what we sent (tokens included): scrub every credential we sent, then read
  // the vendor's own code and message from it (providers/vendor-errors.ts), so nothing secret and
  // no cut-off JSON reaches messages, sync_runs, the call log or Temporal failures.
  const body = scrub(await response.text().catch(() => ''), sentSecrets(options));
  const vendor = parseVendorError(response.status, body);
  call.note({ response, vendor, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) });
  const what = describeVendorAnswer(options.vendor, vendor);
  const vendorSays = response.status === 401 || response.status === 403 ? undefined : options.vendorSaysRetry?.(response);
  if (vendorSays === true && response.status < 500 && response.status !== 429) {
    throw new ProviderError('provider_unavailable', what, {
      hint: `${options.vendor} asked for this request to be tried again; Onramp retries it.`,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      vendor,
    });
  }
  if (vendorSays === false && (response.status >= 500 || response.status === 429)) {
    throw new ProviderError('provider_unavailable', what, {
      hint: `${options.vendor} asked for this request not to be tried again; the next scheduled sync reads the window afresh. If it keeps failing, report it with the request id from the call log.`,
      retryable: false,
      vendor,
    });
  }
  switch (true) {
    case response.status === 401:
      throw new ProviderError('auth_failed', `${what}: the credentials were rejected`, {
        hint: options.hints?.auth ?? 'Send new credentials with PUT /v1/connections/{id}/credentials.',
        userMessage: options.userMessages?.auth,
        vendor,
      });
    case response.status === 403:
      throw new ProviderError('permission_denied', `${what}: not allowed`, {
        hint: options.hints?.permission ?? 'Grant the credentials read access to this data, then retry.',
        userMessage: options.userMessages?.permission,
        vendor,
      });
    case response.status === 429: {
      const wait = retryAfterMs(response.headers.get('retry-after'));
      const own = options.rateLimited?.(response.headers, wait) ?? {};
      throw new ProviderError('rate_limited', `${what}: ${own.message ?? 'rate limited'}`, {
        hint: own.hint ?? 'Onramp waits as asked and retries.',
        userMessage: own.userMessage,
        retryAfterMs: own.retryAfterMs ?? wait,
        vendor,
      });
    }
    case response.status >= 500:
      throw new ProviderError('provider_unavailable', what, {
        hint: 'Transient; Onramp retries it.',
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
        vendor,
      });
    default:
      // A provider that knows its vendor's limit codes (PayPal's RESULTSET_TOO_LARGE) rewords
      // them as `vendor_limit` before this reaches anyone; what is left is a request the vendor
      // refused as sent.
      throw new ProviderError('invalid_config', what, { hint: "Check the connection's config, then retry.", vendor });
  }
}
