/**
 * OAuth 2.0 client-credentials tokens (RFC 6749 §4.4) for providers whose credentials are a
 * client id and secret (PayPal, NinjaOne). The token is never stored: it is cached in this
 * process until shortly before it expires, and dropped when the API answers 401 with it.
 */
import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { ProviderError } from './errors.js';
import { isNetworkError, retryAfterMs } from './http.js';

export interface ClientCredentialsRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** How the token endpoint wants the client authenticated. */
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  scope?: string;
  vendor: string;
  /** Hint when the vendor refuses the client (wrong id/secret, app not allowed…). */
  authHint: string;
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
    const auth = r.clientAuth === 'client_secret_post' ? oauth.ClientSecretPost(r.clientSecret) : oauth.ClientSecretBasic(r.clientSecret);
    const { protocol, hostname } = new URL(r.tokenUrl);
    const insecure = protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost');
    const parameters = new URLSearchParams(r.scope ? { scope: r.scope } : {});
    requests += 1;
    let response: Response;
    try {
      response = await oauth.clientCredentialsGrantRequest(as, client, auth, parameters, {
        signal: r.signal,
        ...(insecure ? { [oauth.allowInsecureRequests]: true } : {}),
      });
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      throw new ProviderError('provider_unavailable', `${r.vendor} token endpoint unreachable: ${(error as Error).message}`, { hint: 'Transient; Onramp retries it.' });
    }
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
      const detail = error instanceof oauth.ResponseBodyError ? `${error.error}${error.error_description ? `: ${error.error_description}` : ''}` : (error as Error).message;
      throw new ProviderError('auth_failed', `${r.vendor} refused the client credentials (${detail})`, { hint: r.authHint });
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
