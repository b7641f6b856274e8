/**
 * OAuth 2.0 client-credentials tokens (RFC 6749 §4.4) for providers whose credentials are a
 * client id and secret (PayPal, NinjaOne). The token is never stored: it is cached in this
 * process until shortly before it expires, and dropped when the API answers 401 with it.
 */
import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { ProviderError } from './errors.js';
import { startCall } from './call-log.js';
import { isNetworkError, retryAfterMs } from './http.js';
import { scrub } from './scrub.js';

export interface ClientCredentialsRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * How the token endpoint wants the client authenticated: `client_secret_basic` form-urlencodes
   * id and secret before Basic (RFC 6749 §2.3.1), `client_secret_basic_raw` sends them as they
   * are (RFC 7617, as `curl -u` does) for vendors that never form-url-decode, `client_secret_post`
   * puts them in the form body.
   */
  clientAuth: 'client_secret_basic' | 'client_secret_basic_raw' | 'client_secret_post';
  scope?: string;
  vendor: string;
  /** Hint when the vendor refuses the client (wrong id/secret, app not allowed…). */
  authHint: string;
  /** The same for the end user, in plain words. */
  authUserMessage?: string;
  signal?: AbortSignal | undefined;
}

interface Cached {
  accessToken: string;
  expiresAt: number;
}

export interface ClientCredentialsTokens {
  /** A valid access token, from the cache or a new token request. */
  get(request: ClientCredentialsRequest): Promise<string>;
  /** Forget a token the API rejected (401), so the next get() asks for a new one. */
  invalidate(request: Pick<ClientCredentialsRequest, 'tokenUrl' | 'clientId' | 'clientSecret'>, accessToken: string): void;
  /** How many token requests went out (tests and metrics). */
  readonly requests: number;
}

function clientAuth(r: ClientCredentialsRequest): oauth.ClientAuth {
  switch (r.clientAuth) {
    case 'client_secret_post':
      return oauth.ClientSecretPost(r.clientSecret);
    case 'client_secret_basic':
      return oauth.ClientSecretBasic(r.clientSecret);
    case 'client_secret_basic_raw':
      return (_as, client, _body, headers) => {
        headers.set('authorization', `Basic ${Buffer.from(`${client.client_id}:${r.clientSecret}`, 'utf8').toString('base64')}`);
      };
  }
}

/** `error: error_description` of an OAuth error, whatever oauth4webapi wrapped it in. */
async function refusal(error: unknown): Promise<string> {
  const describe = (e: { error?: unknown; error_description?: unknown }) =>
    typeof e.error === 'string' ? `${e.error}${typeof e.error_description === 'string' ? `: ${e.error_description}` : ''}` : undefined;
  if (error instanceof oauth.ResponseBodyError) return describe(error) ?? error.message;
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    // A 401 with a WWW-Authenticate header is thrown before the body is read; the RFC 6749 §5.2
    // body (or else the challenge's own error parameters) says what the vendor refused.
    const body: unknown = await error.response.json().catch(() => undefined);
    const fromBody = body && typeof body === 'object' ? describe(body) : undefined;
    return fromBody ?? error.cause.map((challenge) => describe(challenge.parameters)).find(Boolean) ?? `${error.status} with a ${error.cause[0]?.scheme ?? ''} challenge`;
  }
  return (error as Error).message;
}

/**
 * Keyed by the secret too (hashed): a client id is no secret, so a connection that knows another
 * tenant's client id must never be handed the token that id's real secret obtained.
 */
const cacheKey = (r: Pick<ClientCredentialsRequest, 'tokenUrl' | 'clientId' | 'clientSecret'>) =>
  `${r.tokenUrl}\n${r.clientId}\n${createHash('sha256').update(r.clientSecret).digest('base64url')}`;

export function createClientCredentialsTokens(now: () => number = Date.now): ClientCredentialsTokens {
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<string>>();
  let requests = 0;

  async function requestToken(r: ClientCredentialsRequest): Promise<string> {
    const as: oauth.AuthorizationServer = { issuer: new URL(r.tokenUrl).origin, token_endpoint: r.tokenUrl };
    const client: oauth.Client = { client_id: r.clientId };
    const auth = clientAuth(r);
    const { protocol, hostname } = new URL(r.tokenUrl);
    const insecure = protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost');
    const parameters = new URLSearchParams(r.scope ? { scope: r.scope } : {});
    requests += 1;
    const call = startCall(r.tokenUrl, 'POST');
    let response: Response;
    try {
      response = await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, {
        signal: r.signal,
        ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
      });
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      call.note({ failure: `no answer: ${(error as Error).message}` });
      throw new ProviderError('provider_unavailable', `${r.vendor} token endpoint unreachable: ${(error as Error).message}`, { hint: 'Transient; Onramp retries it.' });
    }
    // A refusal's body names the vendor's error (scrubbed of the secret); a token's body is never read here.
    call.note({
      response,
      body: response.ok ? '' : scrub(await response.clone().text().catch(() => ''), [r.clientSecret, { id: r.clientId, secret: r.clientSecret }]),
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    });
    if (response.status === 429 || response.status >= 500) {
      throw new ProviderError(response.status === 429 ? 'rate_limited' : 'provider_unavailable', `${r.vendor} token endpoint answered ${response.status}`, {
        hint: 'Transient; Onramp retries it.',
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      });
    }
    try {
      const tokens = await oauth.processClientCredentialsResponse(as, client, response);
      cache.set(cacheKey(r), {
        accessToken: tokens.access_token,
        // A minute of margin so a token never expires between the check and the call.
        expiresAt: now() + Math.max(0, (tokens.expires_in ?? 300) - 60) * 1000,
      });
      return tokens.access_token;
    } catch (error) {
      const detail = scrub(await refusal(error), [r.clientSecret, { id: r.clientId, secret: r.clientSecret }]);
      throw new ProviderError('auth_failed', `${r.vendor} refused the client credentials (${detail})`, { hint: r.authHint, userMessage: r.authUserMessage });
    }
  }

  return {
    async get(r) {
      const key = cacheKey(r);
      const cached = cache.get(key);
      if (cached && cached.expiresAt > now()) return cached.accessToken;
      // Concurrent calls in this process share one token request.
      let pending = inFlight.get(key);
      if (!pending) {
        pending = requestToken(r).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
    invalidate(r, accessToken) {
      const key = cacheKey(r);
      if (cache.get(key)?.accessToken === accessToken) cache.delete(key);
    },
    get requests() {
      return requests;
    },
  };
}

/** The process-wide cache the built-in providers share (one per worker process). */
export const clientCredentialsTokens = createClientCredentialsTokens();
