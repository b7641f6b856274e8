/**
 * A local OAuth 2.0 authorization server replica for end-to-end tests of Onramp's OAuth client.
 * RFC 6749 authorization code grant and refresh tokens, RFC 7636 PKCE (S256 only), RFC 6750 bearer
 * errors at a userinfo endpoint. node:http only; listens on 127.0.0.1 on a random port.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface OAuthReplicaOptions {
  clientId: string;
  clientSecret: string;
  /** how the client must authenticate at the token endpoint */
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  /** the only redirect URI registered for the client (exact string match) */
  redirectUri: string;
  /** scopes the server grants; a requested scope must be a subset (else error=invalid_scope). Unset: any scope. */
  scopes?: string[];
  /** default 3600 */
  accessTokenTtlSeconds?: number;
  /** default true: each refresh returns a new refresh_token and invalidates the old one */
  rotateRefreshTokens?: boolean;
}
export interface OAuthReplicaCall { method: string; path: string; at: number; status: number; grantType?: string }
export interface OAuthReplica {
  url: string;
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  /** every request, in arrival order */
  calls: OAuthReplicaCall[];
  /** the next valid /authorize answers error=access_denied (the user declined) */
  denyNext(): void;
  /**
   * the next valid /authorize shows the consent page a real provider shows (an "Allow" button)
   * instead of approving at once: the sign-in stays unfinished until the person allows
   */
  askConsentNext(): void;
  /** /userinfo answers nothing until the returned function is called (a slow provider, held) */
  holdUserinfo(): () => void;
  /**
   * The next authorization grants the requested scopes but these: the user left them unticked
   * on a consent screen with granular permissions (Google's); the token response's `scope` lists
   * only what was granted, as RFC 6749 §5.1 asks when it differs from the request.
   */
  declineScopesNext(scopes: string[]): void;
  /** the next /token call fails with that status (429: Retry-After + slow_down; 5xx: JSON error body) */
  failNextToken(status: 429 | 500 | 503, retryAfterSeconds?: number): void;
  /** every access token issued so far is now expired */
  expireAccessTokens(): void;
  /** every access and refresh token issued so far is revoked */
  revokeAll(): void;
  /** how a resource server of this authorization server judges a bearer token */
  checkAccessToken(token: string): 'valid' | 'expired' | 'invalid';
  /**
   * Holds every refresh_token grant as it arrives, before it is processed (the token is not spent
   * yet), until `release()`; `arrived` resolves when the first one is held. A held request whose
   * client goes away is dropped unprocessed, as a server that never finished reading it would.
   */
  holdRefreshes(): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

interface Reply { status: number; headers: OutgoingHttpHeaders; body: string }
interface Code { clientId: string; redirectUri: string | undefined; scope: string[]; challenge: string; expiresAt: number; used: boolean; narrowed?: boolean }
/** `family` is the authorization code the token descends from (directly or through refreshes). */
interface Token { kind: 'access' | 'refresh'; clientId: string; scope: string[]; family: string; expiresAt: number; revoked: boolean }

const CODE_TTL_MS = 60_000;
const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' }; // RFC 6749 §5.1

const random = (): string => randomBytes(32).toString('base64url');
const json = (status: number, body: object, headers: OutgoingHttpHeaders = {}): Reply => ({
  status, headers: { 'Content-Type': 'application/json', ...noStore, ...headers }, body: JSON.stringify(body),
});
const oauthError = (status: number, error: string, description: string, headers?: OutgoingHttpHeaders): Reply =>
  json(status, { error, error_description: description }, headers);
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (status: number, message: string): Reply => ({
  status, headers: { 'Content-Type': 'text/html; charset=utf-8' },
  body: `<!doctype html><title>Authorization error</title><h1>Authorization error</h1><p>${escapeHtml(message)}</p>`,
});
/** The owner's decision: the authorization request again, with consent=allow, on "Allow". */
const consentPage = (params: Map<string, string>): Reply => ({
  status: 200,
  headers: { 'Content-Type': 'text/html; charset=utf-8', ...noStore },
  body: `<!doctype html><html lang="en"><title>Allow access</title><h1>Allow access to your account?</h1><form method="get" action="/authorize">${[...params]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('')}<button name="consent" value="allow">Allow</button></form></html>`,
});
/** Compare secrets in constant time whatever their lengths. */
const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
/** RFC 6749 §3.3: scope is a list of space-delimited strings. */
const splitScope = (scope: string): string[] => scope.split(' ').filter(Boolean);
/** RFC 6749 Appendix B: application/x-www-form-urlencoded decoding ('+' is a space). */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** RFC 6749 §3.1, §3.2: parameters sent without a value are treated as omitted; none may be repeated. */
function readParams(search: URLSearchParams): { params: Map<string, string>; repeated?: string } {
  const params = new Map<string, string>();
  let repeated: string | undefined;
  for (const [key, value] of search) {
    if (value === '') continue;
    if (params.has(key)) repeated ??= key;
    params.set(key, value);
  }
  return { params, repeated };
}

/** RFC 6749 §3.1.2: the redirect URI's own query component is kept; parameters are appended to it. */
function redirect(uri: string, params: Record<string, string>): Reply {
  const separator = !uri.includes('?') ? '?' : /[?&]$/.test(uri) ? '' : '&';
  return { status: 302, headers: { Location: uri + separator + new URLSearchParams(params).toString(), ...noStore }, body: '' };
}

export async function startOAuthReplica(options: OAuthReplicaOptions): Promise<OAuthReplica> {
  const ttlSeconds = options.accessTokenTtlSeconds ?? 3600;
  const rotate = options.rotateRefreshTokens ?? true;
  const codes = new Map<string, Code>();
  const tokens = new Map<string, Token>();
  const calls: OAuthReplicaCall[] = [];
  let denyNext = false;
  let consentNext = false;
  let userinfoHeld: Promise<void> | undefined;
  let declineNext: string[] = [];
  let failNext: { status: 429 | 500 | 503; retryAfter?: number } | undefined;
  let hold: { gate: Promise<void>; arrived(): void } | undefined;

  function authorize(query: URLSearchParams): Reply {
    const { params, repeated } = readParams(query);
    // §4.1.2.1: with a missing/unknown client_id or a mismatching redirect_uri the server MUST NOT redirect.
    if (repeated === 'client_id' || repeated === 'redirect_uri') return page(400, `The ${repeated} parameter is repeated.`);
    if (params.get('client_id') !== options.clientId) return page(400, 'Unknown or missing client_id.');
    // §3.1.2.3: exact match against the registered URI; it may be omitted as exactly one URI is registered.
    const sentRedirectUri = params.get('redirect_uri');
    if (sentRedirectUri !== undefined && sentRedirectUri !== options.redirectUri) {
      return page(400, 'The redirect_uri does not match the one registered for this client.');
    }
    const state = params.get('state'); // §4.1.2: echoed exactly as received, and only if it was sent
    const back = (p: Record<string, string>): Reply => redirect(options.redirectUri, state === undefined ? p : { ...p, state });
    const fail = (error: string, description: string): Reply => back({ error, error_description: description });
    if (repeated) return fail('invalid_request', `The ${repeated} parameter is repeated.`);
    // §4.1.1, §4.1.2.1: response_type is required; "code" is the only one this server supports.
    const responseType = params.get('response_type');
    if (responseType === undefined) return fail('invalid_request', 'response_type is required.');
    if (responseType !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
    // RFC 7636 §4.4.1: PKCE is required; §4.3: a missing method means "plain", which is not supported.
    const challenge = params.get('code_challenge');
    if (challenge === undefined) return fail('invalid_request', 'code_challenge is required.');
    if (params.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'code_challenge must be a BASE64URL SHA-256 digest.');
    // §3.3: an omitted scope gets the default (every configured scope); unknown scopes are refused.
    const scopeParam = params.get('scope');
    const scope = scopeParam === undefined ? (options.scopes ?? []) : splitScope(scopeParam);
    const unknown = options.scopes ? scope.filter((s) => !options.scopes?.includes(s)) : [];
    if (unknown.length > 0) return fail('invalid_scope', `Unknown scope: ${unknown.join(' ')}.`);
    // §4.1.1: how the server obtains the owner's decision is its own; here a form that sends the request back with consent=allow.
    if (consentNext && params.get('consent') !== 'allow') return consentPage(params);
    consentNext = false;
    // §4.1.2.1: the resource owner denied the request.
    if (denyNext) {
      denyNext = false;
      return fail('access_denied', 'The resource owner denied the request.');
    }
    // §4.1.2, §10.5: the code is random, short-lived and bound to client, redirect URI, scope and challenge.
    const code = random();
    const granted = scope.filter((s) => !declineNext.includes(s));
    declineNext = [];
    codes.set(code, { clientId: options.clientId, redirectUri: sentRedirectUri, scope: granted, challenge, expiresAt: Date.now() + CODE_TTL_MS, used: false, narrowed: granted.length < scope.length });
    return back({ code });
  }

  /** §2.3.1: authenticate the client exactly as registered. Returns the client id, or the error reply. */
  function authenticate(req: IncomingMessage, params: Map<string, string>): string | Reply {
    const header = req.headers.authorization;
    const triedBasic = header !== undefined && /^basic(\s|$)/i.test(header);
    // §5.2: a client that tried the Authorization header gets 401 plus a matching WWW-Authenticate challenge.
    const challenge = triedBasic || options.clientAuth === 'client_secret_basic' ? { 'WWW-Authenticate': 'Basic realm="replica"' } : {};
    const reject = (description: string): Reply => oauthError(401, 'invalid_client', description, challenge);
    let id: string | undefined;
    let secret: string | undefined;
    if (options.clientAuth === 'client_secret_basic') {
      // §2.3: one authentication method per request, and the one registered for the client.
      if (params.has('client_secret')) return reject('This client must authenticate with client_secret_basic only.');
      if (!triedBasic) return reject('Client authentication with HTTP Basic is required.');
      const decoded = Buffer.from(header.replace(/^basic\s*/i, ''), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return reject('Malformed Basic credentials.');
      // §2.3.1: client id and secret are form-url-encoded before being joined with ':'.
      id = formDecode(decoded.slice(0, colon));
      secret = formDecode(decoded.slice(colon + 1));
      const bodyId = params.get('client_id');
      if (bodyId !== undefined && bodyId !== id) return reject('client_id in the body does not match the authenticated client.');
    } else {
      if (header !== undefined) return reject('This client must authenticate with client_secret_post only.');
      id = params.get('client_id');
      secret = params.get('client_secret');
    }
    if (id === undefined || secret === undefined) return reject('Client credentials are missing or malformed.');
    if (id !== options.clientId || !sameSecret(secret, options.clientSecret)) return reject('Unknown client or wrong client secret.');
    return id;
  }

  /** §5.1: a successful token response, never cached. */
  function issue(clientId: string, scope: string[], family: string, refreshToken?: string, narrowed = false): Reply {
    const accessToken = random();
    tokens.set(accessToken, { kind: 'access', clientId, scope, family, expiresAt: Date.now() + ttlSeconds * 1000, revoked: false });
    return json(200, {
      access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds,
      ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
      // §5.1: `scope` is required when the grant differs from the request, even if nothing was granted.
      ...(scope.length === 0 && !narrowed ? {} : { scope: scope.join(' ') }),
    });
  }
  function mintRefresh(clientId: string, scope: string[], family: string): string {
    const refreshToken = random();
    tokens.set(refreshToken, { kind: 'refresh', clientId, scope, family, expiresAt: Infinity, revoked: false });
    return refreshToken;
  }

  function token(req: IncomingMessage, body: string, call: OAuthReplicaCall): Reply {
    const { params, repeated } = readParams(new URLSearchParams(body));
    call.grantType = params.get('grant_type');
    if (failNext) {
      const { status, retryAfter } = failNext;
      failNext = undefined;
      const headers = retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
      if (status === 429) return oauthError(429, 'slow_down', 'Too many requests; retry later.', headers);
      return oauthError(status, status === 503 ? 'temporarily_unavailable' : 'server_error', 'The server failed; retry later.', headers);
    }
    // §3.2, Appendix B: parameters are sent in an application/x-www-form-urlencoded body.
    const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/x-www-form-urlencoded') return oauthError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
    const clientId = authenticate(req, params);
    if (typeof clientId !== 'string') return clientId;
    if (repeated) return oauthError(400, 'invalid_request', `The ${repeated} parameter is repeated.`);
    const grantType = params.get('grant_type');
    if (grantType === 'authorization_code') return redeemCode(clientId, params);
    if (grantType === 'refresh_token') return refresh(clientId, params);
    if (grantType === undefined) return oauthError(400, 'invalid_request', 'grant_type is required.');
    return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported.`);
  }

  /** §4.1.3 with RFC 7636 §4.5-4.6. */
  function redeemCode(clientId: string, params: Map<string, string>): Reply {
    const invalid = (description: string): Reply => oauthError(400, 'invalid_grant', description);
    const code = params.get('code');
    if (code === undefined) return oauthError(400, 'invalid_request', 'code is required.');
    const grant = codes.get(code);
    if (!grant || grant.clientId !== clientId) return invalid('Unknown authorization code.');
    // §4.1.2, §10.5: a code is single use; a second use revokes every token issued from it.
    if (grant.used) {
      for (const t of tokens.values()) if (t.family === code) t.revoked = true;
      return invalid('The authorization code was already used.');
    }
    grant.used = true; // any redemption attempt consumes the code, so a verifier cannot be guessed by retrying
    if (grant.expiresAt <= Date.now()) return invalid('The authorization code expired.');
    // §4.1.3: redirect_uri must be identical to the one sent at /authorize (if one was sent there).
    const redirectUri = params.get('redirect_uri');
    if (grant.redirectUri !== undefined ? redirectUri !== grant.redirectUri : redirectUri !== undefined && redirectUri !== options.redirectUri) {
      return invalid('redirect_uri does not match the authorization request.');
    }
    // RFC 7636 §4.1: 43-128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~";
    // §4.6: BASE64URL(SHA256(ASCII(code_verifier))) must equal code_challenge.
    const verifier = params.get('code_verifier');
    if (verifier === undefined || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return invalid('code_verifier is missing or malformed.');
    if (createHash('sha256').update(verifier, 'ascii').digest('base64url') !== grant.challenge) return invalid('code_verifier does not match code_challenge.');
    return issue(clientId, grant.scope, code, mintRefresh(clientId, grant.scope, code), grant.narrowed);
  }

  /** §6: refreshing an access token. */
  function refresh(clientId: string, params: Map<string, string>): Reply {
    const presented = params.get('refresh_token');
    if (presented === undefined) return oauthError(400, 'invalid_request', 'refresh_token is required.');
    const record = tokens.get(presented);
    if (!record || record.kind !== 'refresh' || record.revoked || record.clientId !== clientId) {
      return oauthError(400, 'invalid_grant', 'The refresh token is invalid, revoked or was issued to another client.');
    }
    // §6: a requested scope may narrow, never widen, the original grant.
    const scopeParam = params.get('scope');
    const scope = scopeParam === undefined ? record.scope : splitScope(scopeParam);
    if (scope.some((s) => !record.scope.includes(s))) return oauthError(400, 'invalid_scope', 'The scope exceeds the original grant.');
    // §6: when a new refresh token is issued the old one is discarded; without rotation none is returned.
    if (!rotate) return issue(clientId, scope, record.family);
    record.revoked = true;
    return issue(clientId, scope, record.family, mintRefresh(clientId, record.scope, record.family));
  }

  /** RFC 6750 §2.1 (Authorization header only) and §3, §3.1 (error responses). */
  function userinfo(req: IncomingMessage): Reply {
    const header = req.headers.authorization;
    const challenge = (status: number, error?: string, description?: string): Reply => ({
      status, headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': `Bearer realm="replica"${error ? `, error="${error}", error_description="${description}"` : ''}` },
      body: JSON.stringify(error ? { error, error_description: description } : { error: 'unauthorized' }),
    });
    // §3.1: a request without authentication information gets no error code.
    if (header === undefined || !/^bearer(\s|$)/i.test(header)) return challenge(401);
    const match = /^bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header); // §2.1: b64token syntax
    if (!match?.[1]) return challenge(400, 'invalid_request', 'Malformed Bearer credentials');
    const record = tokens.get(match[1]);
    if (!record || record.kind !== 'access') return challenge(401, 'invalid_token', 'The access token is unknown');
    if (record.revoked) return challenge(401, 'invalid_token', 'The access token was revoked');
    if (record.expiresAt <= Date.now()) return challenge(401, 'invalid_token', 'The access token expired');
    // `scope`: what the token may do, as Google's tokeninfo tells a resource server.
    return json(200, { sub: 'user-1', email: 'user@example.test', scope: record.scope.join(' ') });
  }

  async function route(req: IncomingMessage, url: URL, call: OAuthReplicaCall): Promise<Reply> {
    const allow = (method: string): Reply => ({ status: 405, headers: { Allow: method }, body: '' });
    if (url.pathname === '/authorize') return req.method === 'GET' ? authorize(url.searchParams) : allow('GET');
    if (url.pathname === '/userinfo') {
      if (userinfoHeld) await userinfoHeld;
      return req.method === 'GET' ? userinfo(req) : allow('GET');
    }
    if (url.pathname !== '/token') return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not found' };
    if (req.method !== 'POST') return allow('POST'); // §3.2: the token endpoint takes POST only
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (hold && new URLSearchParams(body).get('grant_type') === 'refresh_token') {
      const gone = new Promise<'gone'>((resolve) => req.socket.once('close', () => resolve('gone')));
      hold.arrived();
      if ((await Promise.race([hold.gate.then(() => 'go' as const), gone])) === 'gone' || req.socket.destroyed) {
        call.grantType = 'refresh_token (dropped: the client went away while held)';
        return { status: 499, headers: {}, body: '' };
      }
    }
    return token(req, body, call);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: OAuthReplicaCall = { method: req.method ?? 'GET', path: url.pathname, at: Date.now(), status: 0 };
    calls.push(call);
    route(req, url, call)
      .catch((): Reply => oauthError(500, 'server_error', 'The replica failed.'))
      .then((reply) => {
        call.status = reply.status;
        res.writeHead(reply.status, reply.headers).end(reply.body);
      })
      .catch(() => res.destroy());
  });
  const listening = await serveOnLoopback(server);
  const base = listening.url;

  return {
    url: base,
    authorizeUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    userinfoUrl: `${base}/userinfo`,
    calls,
    denyNext: () => {
      denyNext = true;
    },
    askConsentNext: () => {
      consentNext = true;
    },
    holdUserinfo: () => {
      let release!: () => void;
      userinfoHeld = new Promise((resolve) => (release = resolve));
      return () => {
        userinfoHeld = undefined;
        release();
      };
    },
    declineScopesNext: (scopes) => {
      declineNext = scopes;
    },
    failNextToken: (status, retryAfterSeconds) => {
      failNext = { status, retryAfter: retryAfterSeconds };
    },
    expireAccessTokens: () => {
      for (const t of tokens.values()) if (t.kind === 'access') t.expiresAt = Date.now() - 1;
    },
    revokeAll: () => {
      for (const t of tokens.values()) t.revoked = true;
    },
    checkAccessToken: (value) => {
      const record = tokens.get(value);
      if (!record || record.kind !== 'access' || record.revoked) return 'invalid';
      return record.expiresAt <= Date.now() ? 'expired' : 'valid';
    },
    holdRefreshes: () => {
      let release!: () => void;
      let arrived!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      hold = { gate, arrived };
      return {
        arrived: arrival,
        release: () => {
          hold = undefined;
          release();
        },
      };
    },
    close: listening.close,
  };
}
