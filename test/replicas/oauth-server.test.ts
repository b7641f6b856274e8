import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startOAuthReplica, type OAuthReplica, type OAuthReplicaOptions } from './oauth-server.js';

// Characters that must be form-url-encoded in HTTP Basic credentials (RFC 6749 §2.3.1).
const CLIENT_ID = 'onramp client';
const CLIENT_SECRET = 'p@ss:w/rd+1%';
const REDIRECT_URI = 'http://127.0.0.1:9/callback?tenant=acme';

const open: OAuthReplica[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function start(overrides: Partial<OAuthReplicaOptions> = {}): Promise<OAuthReplica> {
  const replica = await startOAuthReplica({
    clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, clientAuth: 'client_secret_basic',
    redirectUri: REDIRECT_URI, scopes: ['read', 'write'], ...overrides,
  });
  open.push(replica);
  return replica;
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(replica: OAuthReplica, params: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, scope: 'read', state: 'st-1',
    code_challenge_method: 'S256', ...params,
  });
  return fetch(`${replica.authorizeUrl}?${query}`, { redirect: 'manual' });
}

/** The query parameters of the 302 Location, checking it points back at the registered redirect URI. */
function callback(response: Response): URLSearchParams {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:9/callback');
  expect(location.searchParams.get('tenant')).toBe('acme');
  return location.searchParams;
}

async function getCode(replica: OAuthReplica, challenge: string): Promise<string> {
  const params = callback(await authorize(replica, { code_challenge: challenge }));
  expect(params.get('state')).toBe('st-1');
  return params.get('code') ?? '';
}

const form = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
const basic = `Basic ${Buffer.from(`${form(CLIENT_ID)}:${form(CLIENT_SECRET)}`).toString('base64')}`;

async function token(replica: OAuthReplica, params: Record<string, string>, auth: 'basic' | 'post' = 'basic'): Promise<Response> {
  const body = new URLSearchParams(auth === 'post' ? { ...params, client_id: CLIENT_ID, client_secret: CLIENT_SECRET } : params);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (auth === 'basic') headers.Authorization = basic;
  return fetch(replica.tokenUrl, { method: 'POST', headers, body });
}

const redeem = (replica: OAuthReplica, code: string, verifier: string, auth: 'basic' | 'post' = 'basic'): Promise<Response> =>
  token(replica, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }, auth);

const userinfo = (replica: OAuthReplica, accessToken: string): Promise<Response> =>
  fetch(replica.userinfoUrl, { headers: { Authorization: `Bearer ${accessToken}` } });

interface TokenBody { access_token: string; token_type: string; expires_in: number; refresh_token?: string; scope?: string; error?: string }

describe('OAuth replica', () => {
  it('grants what the user left ticked on a granular consent screen, and says so in the token response (RFC 6749 §5.1)', async () => {
    const replica = await start();
    const { verifier, challenge } = pkce();
    replica.declineScopesNext(['write']);
    const code = callback(await authorize(replica, { code_challenge: challenge, scope: 'read write' })).get('code') ?? '';
    const body = (await (await redeem(replica, code, verifier)).json()) as TokenBody;
    expect(body.scope).toBe('read');
    expect(await (await userinfo(replica, body.access_token)).json()).toMatchObject({ scope: 'read' });
    // Everything unticked: the answer still states the (empty) grant.
    const second = pkce();
    replica.declineScopesNext(['read']);
    const none = callback(await authorize(replica, { code_challenge: second.challenge })).get('code') ?? '';
    expect(((await (await redeem(replica, none, second.verifier)).json()) as TokenBody).scope).toBe('');
  });

  it('completes the code flow with PKCE and client_secret_basic', async () => {
    const replica = await start();
    const { verifier, challenge } = pkce();
    const response = await redeem(replica, await getCode(replica, challenge), verifier);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = (await response.json()) as TokenBody;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read' });
    expect(body.refresh_token).toBeTruthy();
    const info = await userinfo(replica, body.access_token);
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ sub: 'user-1', email: 'user@example.test', scope: 'read' });
    expect(replica.calls.map((c) => [c.method, c.path, c.status, c.grantType])).toEqual([
      ['GET', '/authorize', 302, undefined],
      ['POST', '/token', 200, 'authorization_code'],
      ['GET', '/userinfo', 200, undefined],
    ]);
  });

  it('completes the code flow with client_secret_post and refuses Basic for that client', async () => {
    const replica = await start({ clientAuth: 'client_secret_post' });
    const { verifier, challenge } = pkce();
    const code = await getCode(replica, challenge);
    const refused = await redeem(replica, code, verifier, 'basic');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Basic realm="replica"');
    expect(((await refused.json()) as TokenBody).error).toBe('invalid_client');
    const response = await redeem(replica, code, verifier, 'post');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect((await userinfo(replica, ((await response.json()) as TokenBody).access_token)).status).toBe(200);
  });

  it('answers invalid_grant to a wrong code_verifier', async () => {
    const replica = await start();
    const code = await getCode(replica, pkce().challenge);
    const response = await redeem(replica, code, pkce().verifier);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(((await response.json()) as TokenBody).error).toBe('invalid_grant');
  });

  it('refuses a reused code and revokes the tokens issued from it', async () => {
    const replica = await start();
    const { verifier, challenge } = pkce();
    const code = await getCode(replica, challenge);
    const first = (await (await redeem(replica, code, verifier)).json()) as TokenBody;
    const second = await redeem(replica, code, verifier);
    expect(second.status).toBe(400);
    expect(((await second.json()) as TokenBody).error).toBe('invalid_grant');
    const info = await userinfo(replica, first.access_token);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
    const refreshed = await token(replica, { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' });
    expect(((await refreshed.json()) as TokenBody).error).toBe('invalid_grant');
  });

  it('shows an error page instead of redirecting to an unregistered redirect_uri', async () => {
    const replica = await start();
    const response = await authorize(replica, { code_challenge: pkce().challenge, redirect_uri: 'http://127.0.0.1:9/evil' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('redirects request errors back to the client with the state', async () => {
    const replica = await start();
    const noPkce = callback(await authorize(replica, {}));
    expect([noPkce.get('error'), noPkce.get('state'), noPkce.get('code')]).toEqual(['invalid_request', 'st-1', null]);
    const badScope = callback(await authorize(replica, { code_challenge: pkce().challenge, scope: 'read admin' }));
    expect(badScope.get('error')).toBe('invalid_scope');
  });

  it('answers access_denied once after denyNext', async () => {
    const replica = await start();
    replica.denyNext();
    const denied = callback(await authorize(replica, { code_challenge: pkce().challenge }));
    expect([denied.get('error'), denied.get('state'), denied.get('code')]).toEqual(['access_denied', 'st-1', null]);
    expect(await getCode(replica, pkce().challenge)).toBeTruthy();
  });

  it('rotates refresh tokens and rejects the old one', async () => {
    const replica = await start();
    const { verifier, challenge } = pkce();
    const first = (await (await redeem(replica, await getCode(replica, challenge), verifier)).json()) as TokenBody;
    const refresh = (refreshToken: string): Promise<Response> => token(replica, { grant_type: 'refresh_token', refresh_token: refreshToken });
    const response = await refresh(first.refresh_token ?? '');
    expect(response.status).toBe(200);
    const second = (await response.json()) as TokenBody;
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await userinfo(replica, second.access_token)).status).toBe(200);
    const old = await refresh(first.refresh_token ?? '');
    expect(old.status).toBe(400);
    expect(((await old.json()) as TokenBody).error).toBe('invalid_grant');
    expect((await refresh(second.refresh_token ?? '')).status).toBe(200);
  });

  it('fails the next token call with 429 and Retry-After, leaving the code usable', async () => {
    const replica = await start();
    const { verifier, challenge } = pkce();
    const code = await getCode(replica, challenge);
    replica.failNextToken(429, 2);
    const limited = await redeem(replica, code, verifier);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(((await limited.json()) as TokenBody).error).toBe('slow_down');
    expect((await redeem(replica, code, verifier)).status).toBe(200);
  });

  it('rejects expired access tokens at userinfo with invalid_token', async () => {
    const replica = await start();
    const { verifier, challenge } = pkce();
    const body = (await (await redeem(replica, await getCode(replica, challenge), verifier)).json()) as TokenBody;
    replica.expireAccessTokens();
    const response = await userinfo(replica, body.access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token", error_description="[^"]*expired"/);
    const anonymous = await fetch(replica.userinfoUrl);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="replica"');
  });
});
