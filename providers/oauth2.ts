/**
 * The client side of OAuth 2.0 authorization code + PKCE (S256), shared by every oauth2
 * provider, on `oauth4webapi` rather than hand-built requests. Errors leave as ProviderError,
 * so the activity edge classifies them like any provider call.
 */
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import type { ProviderDefinition } from './contract.js';
import { ProviderError } from './errors.js';
import { isNetworkError, retryAfterMs } from './http.js';
import { scrub, type Secret } from './scrub.js';

/** What an oauth2 connection stores (sealed) as its credentials. */
export const oauthTokensSchema = z.object({
  accessToken: z.string().min(1).meta({ writeOnly: true }),
  refreshToken: z.string().min(1).optional().meta({ writeOnly: true }),
  /** ISO instant; absent when the server gave no expires_in. */
  expiresAt: z.string().optional(),
  scope: z.string().optional(),
  tokenType: z.string(),
});
export type OAuthTokens = z.infer<typeof oauthTokensSchema>;

export interface OAuthClientCredentials {
  clientId: string;
  clientSecret: string;
}

function authorizationServer(provider: ProviderDefinition): oauth.AuthorizationServer {
  const { authorize, token } = provider.endpoints;
  if (!provider.oauth2 || !authorize || !token) {
    throw new ProviderError('invalid_config', `${provider.slug} has no OAuth2 authorize/token endpoints`, {
      hint: 'This integration is not set up for OAuth2; report it to the Onramp operators.',
    });
  }
  return { issuer: new URL(token).origin, authorization_endpoint: authorize, token_endpoint: token };
}

/** Plain http only on loopback (local replicas, self-hosted dev servers); vendors use https. */
function requestOptions(url: string, signal?: AbortSignal): oauth.TokenEndpointRequestOptions {
  const { protocol, hostname } = new URL(url);
  const loopback = hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  return { signal, ...(protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {}) };
}

export interface AuthorizationRequest {
  url: string;
  /** Kept secret (sealed, expiring) until the callback exchanges the code. */
  codeVerifier: string;
  state: string;
}

export async function createAuthorizationRequest(
  provider: ProviderDefinition,
  client: OAuthClientCredentials,
  redirectUri: string,
): Promise<AuthorizationRequest> {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  return { url: await authorizationUrl(provider, client, redirectUri, { state, codeVerifier }), codeVerifier, state };
}

/**
 * The provider's authorization URL for a request made earlier: Onramp hands out its own start
 * link and builds this one when the user's browser opens it (the code challenge is derived
 * from the kept verifier, so nothing more need be stored).
 */
export async function authorizationUrl(
  provider: ProviderDefinition,
  client: OAuthClientCredentials,
  redirectUri: string,
  request: { state: string; codeVerifier: string },
): Promise<string> {
  const as = authorizationServer(provider);
  const url = new URL(as.authorization_endpoint!);
  const params = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: redirectUri,
    scope: provider.oauth2!.scopes.join(' '),
    state: request.state,
    code_challenge: await oauth.calculatePKCECodeChallenge(request.codeVerifier),
    code_challenge_method: 'S256',
    ...provider.oauth2!.authorizeParams,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

function clientAuth(provider: ProviderDefinition, client: OAuthClientCredentials): oauth.ClientAuth {
  return provider.oauth2?.clientAuth === 'client_secret_post'
    ? oauth.ClientSecretPost(client.clientSecret)
    : oauth.ClientSecretBasic(client.clientSecret);
}

const clientSecrets = (client: OAuthClientCredentials): Secret[] => [client.clientSecret, { id: client.clientId, secret: client.clientSecret }];

const reauthorizeHint = 'Authorize again: POST /v1/connections/{id}/retry gives a new authorizeUrl.';

/** Token-endpoint answers in the words a user acts on (RFC 6749 §5.2 error codes). */
async function tokenResponse(
  provider: ProviderDefinition,
  call: () => Promise<Response>,
  process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
  /** What the request carried that an error description may echo. */
  sent: Secret[],
): Promise<OAuthTokens> {
  let response: Response;
  try {
    response = await call();
  } catch (error) {
    if (!isNetworkError(error)) throw error;
    throw new ProviderError('provider_unavailable', `${provider.name} token endpoint unreachable: ${(error as Error).message}`, {
      hint: 'Transient; Onramp retries it.',
    });
  }
  if (response.status === 429) {
    throw new ProviderError('rate_limited', `${provider.name} token endpoint rate-limited the request`, {
      hint: 'Onramp waits as asked and retries.',
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    });
  }
  if (response.status >= 500) {
    throw new ProviderError('provider_unavailable', `${provider.name} token endpoint answered ${response.status}`, {
      hint: 'Transient; Onramp retries it.',
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    });
  }
  try {
    const tokens = await process(response);
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: tokens.expires_in ? new Date(Date.now() + tokens.expires_in * 1000).toISOString() : undefined,
      scope: tokens.scope,
      tokenType: tokens.token_type,
    };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) {
      const detail = scrub(error.error_description ? `${error.error}: ${error.error_description}` : error.error, sent);
      if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
        throw new ProviderError('auth_failed', `${provider.name} rejected Onramp's OAuth client (${detail})`, {
          hint: `Check ONRAMP_OAUTH_<SLUG>_CLIENT_ID / _CLIENT_SECRET for ${provider.slug}.`,
          userMessage: `Connecting ${provider.name} is not set up correctly on our side. Contact the application’s support.`,
        });
      }
      if (error.error === 'invalid_scope') {
        throw new ProviderError('permission_denied', `${provider.name} refused the requested scopes (${detail})`, {
          hint: `Grant the scopes ${provider.oauth2?.scopes.join(' ') ?? ''} and authorize again.`,
          userMessage: `${provider.name} did not give every permission needed. Sign in again and allow everything it asks for.`,
        });
      }
      throw new ProviderError('auth_failed', `${provider.name} refused the authorization (${detail})`, { hint: reauthorizeHint });
    }
    throw new ProviderError('auth_failed', `${provider.name} token response was not usable: ${scrub((error as Error).message, sent)}`, {
      hint: reauthorizeHint,
    });
  }
}

export async function exchangeAuthorizationCode(
  provider: ProviderDefinition,
  client: OAuthClientCredentials,
  input: { code: string; codeVerifier: string; redirectUri: string; signal?: AbortSignal },
): Promise<OAuthTokens> {
  const as = authorizationServer(provider);
  const oauthClient: oauth.Client = { client_id: client.clientId };
  // The callback already matched `state` against our own store (single use, hashed), so the
  // library's state check is skipped; it still validates the response's shape.
  const params = oauth.validateAuthResponse(as, oauthClient, new URLSearchParams({ code: input.code }), oauth.skipStateCheck);
  return tokenResponse(
    provider,
    () =>
      oauth.authorizationCodeGrantRequest(as, oauthClient, clientAuth(provider, client), params, input.redirectUri, input.codeVerifier, requestOptions(as.token_endpoint!, input.signal)),
    (response) => oauth.processAuthorizationCodeResponse(as, oauthClient, response),
    [...clientSecrets(client), input.code, input.codeVerifier],
  );
}

/**
 * Trades the refresh token for new tokens. A refused refresh token (`invalid_grant`) means the
 * user must consent again: `reauthorization_required`, which pauses syncing until they do.
 */
export async function refreshAccessToken(
  provider: ProviderDefinition,
  client: OAuthClientCredentials,
  current: OAuthTokens,
  signal?: AbortSignal,
): Promise<OAuthTokens> {
  if (!current.refreshToken) {
    throw new ProviderError('reauthorization_required', `${provider.name} gave no refresh token and the access token expired`, {
      hint: 'POST /v1/connections/{id}/reauthorize and open the authorizeUrl.',
    });
  }
  const as = authorizationServer(provider);
  const oauthClient: oauth.Client = { client_id: client.clientId };
  try {
    const tokens = await tokenResponse(
      provider,
      () => oauth.refreshTokenGrantRequest(as, oauthClient, clientAuth(provider, client), current.refreshToken!, requestOptions(as.token_endpoint!, signal)),
      (response) => oauth.processRefreshTokenResponse(as, oauthClient, response),
      [...clientSecrets(client), current.refreshToken, current.accessToken],
    );
    // Servers that do not rotate refresh tokens answer none: keep the one we have.
    return { ...tokens, refreshToken: tokens.refreshToken ?? current.refreshToken };
  } catch (error) {
    if (error instanceof ProviderError && error.kind === 'auth_failed' && /invalid_grant/.test(error.message)) {
      throw new ProviderError('reauthorization_required', `${provider.name} no longer accepts this connection's authorization (${error.message})`, {
        hint: 'The user must authorize again: POST /v1/connections/{id}/reauthorize and open the authorizeUrl.',
      });
    }
    throw error;
  }
}
