import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../platform/crypto.js';
import { captureHistory } from '../helpers/histories.js';
import { authorizeInBrowser, create, oauthStack, otherTenantKey, providerUrl, returnPrefix, testBrowser, waitForOnboarding, type OAuthStack } from '../helpers/oauth-stack.js';
import { waitFor } from '../helpers/temporal.js';
import { replicaAccounts } from '../providers/test-providers.js';

describe('OAuth2 onboarding end to end (authorization-server replica, real HTTP)', () => {
  let s: OAuthStack;
  let usedCallback: string;
  let firstId: string;

  beforeAll(async () => {
    s = await oauthStack();
  });
  afterAll(async () => s?.close());

  it('authorizes with PKCE and HTTP Basic client auth, discovers config, then activates', async () => {
    const created = await create(s, { integration: 'replica-basic', name: 'Analytics' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending');
    const id = (firstId = created.body.id);
    // The URL handed out is Onramp's start link; the browser that opens it is sent on to the provider.
    const start = new URL(created.body.authorizeUrl!);
    expect(`${start.origin}${start.pathname}`).toBe(`${s.stack.baseUrl}/v1/oauth/start`);
    const browser = testBrowser();
    const url = new URL(await providerUrl(created.body.authorizeUrl!, browser));
    expect(`${url.origin}${url.pathname}`).toBe(s.basic.authorizeUrl);
    expect(url.searchParams.get('state')).toBe(start.searchParams.get('state'));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'onramp basic',
      redirect_uri: `${s.stack.baseUrl}/v1/oauth/callback`,
      scope: 'read',
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32);
    await waitForOnboarding(s, id, { status: 'pending', step: 'connect', state: 'waiting' });

    const atProvider = await browser.open(url);
    usedCallback = atProvider.headers.get('location')!;
    const page = await browser.open(usedCallback);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    // Signed in, not yet connected: the connection still waits for its config (discovered next).
    expect(await page.text()).toContain('Signed in');
    expect(s.basic.calls.filter((c) => c.path === '/token')).toEqual([
      expect.objectContaining({ status: 200, grantType: 'authorization_code' }),
    ]);

    // Tokens are sealed; the verifier is gone; the state cannot be used again.
    const row = await s.stack.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const tokens = createSecretBox(s.stack.config.credentialsKey).open<{ accessToken: string; refreshToken: string }>(row.credentials_encrypted!);
    expect(tokens.accessToken).toBeTruthy();
    expect(tokens.refreshToken).toBeTruthy();
    expect(row.credentials_encrypted).not.toContain(tokens.accessToken);
    const states = await s.stack.db.selectFrom('oauth_states').selectAll().where('connection_id', '=', id).execute();
    expect(states).toHaveLength(1);
    expect(states[0]).toMatchObject({ code_verifier_encrypted: null, used_at: expect.any(Date) });

    const waiting = await waitForOnboarding(s, id, { status: 'configuring', step: 'configure', state: 'waiting' });
    expect(waiting.onboarding.lastError).toBeNull();
    const options = await s.api<{ options: Record<string, unknown> }>(`/v1/connections/${id}/options`);
    expect(options.body).toEqual({ options: { accountId: replicaAccounts } });
    expect((await s.api(`/v1/connections/${id}/options`, {}, otherTenantKey)).status).toBe(404);

    const badConfig = await s.api<{ errors: { field: string }[] }>(`/v1/connections/${id}/config`, {
      method: 'PUT',
      body: JSON.stringify({ config: {} }),
    });
    expect(badConfig.status).toBe(400);
    expect(badConfig.body.errors.map((e) => e.field)).toEqual(['body.config.accountId']);

    const configured = await s.api(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { accountId: 'acct-2' } }) });
    expect(configured.status).toBe(200);
    expect(configured.body).toMatchObject({ status: 'active', config: { accountId: 'acct-2' }, onboarding: { step: 'done', attempts: 1 } });
    await captureHistory(s.stack.temporal.client, 'v2-oauth-discover-active', `onboarding:${id}`);
  });

  it('answers a 400 page and changes nothing for a reused, unknown or missing state', async () => {
    // The first sync of the connection activated above changes the row on its own: let it finish first.
    const before = await waitFor('the first sync of the connection', async () => {
      const { body } = await s.api(`/v1/connections/${firstId}`);
      return body.sync.lastStatus !== null ? body : undefined;
    });
    for (const url of [usedCallback, `${s.stack.baseUrl}/v1/oauth/callback?code=x&state=never-issued`, `${s.stack.baseUrl}/v1/oauth/callback?code=x`]) {
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status, url).toBe(400);
      expect(await res.text()).toMatch(/cannot be used/);
    }
    expect(s.basic.calls.filter((c) => c.path === '/token')).toHaveLength(1);
    expect((await s.api(`/v1/connections/${firstId}`)).body).toEqual(before);
  });

  it('uses client_secret_post where the provider wants it, and retries a token endpoint outage', async () => {
    s.post.failNextToken(503);
    const created = await create(s, { integration: 'replica-post', config: { accountId: 'acct-1' } });
    const page = await authorizeInBrowser(created.body.authorizeUrl!);
    expect(await page.text()).toContain('Connected');
    await waitForOnboarding(s, created.body.id, { status: 'active' });
    expect(s.post.calls.filter((c) => c.path === '/token').map((c) => c.status)).toEqual([503, 200]);
  });

  it('shows access_denied as failed with its reason; retry gives a new authorizeUrl that completes', async () => {
    const created = await create(s, { integration: 'replica-basic', config: { accountId: 'acct-1' } });
    await waitForOnboarding(s, created.body.id, { step: 'connect', state: 'waiting' });
    s.basic.denyNext();
    const page = await authorizeInBrowser(created.body.authorizeUrl!);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Not connected[\s\S]*Access was not granted/);
    const failed = await waitForOnboarding(s, created.body.id, { status: 'failed' });
    expect(failed.onboarding).toMatchObject({ step: 'connect', state: 'failed' });
    expect(failed.onboarding.lastError).toMatchObject({ code: 'access_denied', hint: expect.stringMatching(/retry/) });

    expect((await s.api(`/v1/connections/${created.body.id}/retry`, { method: 'POST' }, otherTenantKey)).status).toBe(404);
    const retried = await s.api(`/v1/connections/${created.body.id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    expect(retried.body.authorizeUrl).toBeDefined();
    expect(retried.body.authorizeUrl).not.toBe(created.body.authorizeUrl);
    expect(retried.body.onboarding).toMatchObject({ step: 'connect', state: 'waiting' });
    expect(await (await authorizeInBrowser(retried.body.authorizeUrl!)).text()).toContain('Connected');
    const active = await waitForOnboarding(s, created.body.id, { status: 'active' });
    expect(active.onboarding).toMatchObject({ attempts: 1, lastError: null });
    expect((await s.api(`/v1/connections/${created.body.id}/retry`, { method: 'POST' })).status).toBe(409);
    await captureHistory(s.stack.temporal.client, 'v2-oauth-denied-retry-active', `onboarding:${created.body.id}`);
  });

  it('redirects to an allowed returnUrl after the callback, and refuses one off the allow-list', async () => {
    const refused = await s.api<{ errors: { field: string }[] }>('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'replica-basic', returnUrl: 'https://evil.example/steal' }),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]?.field).toBe('body.returnUrl');

    const created = await create(s, { integration: 'replica-basic', config: { accountId: 'acct-1' }, returnUrl: `${returnPrefix}done?x=1` });
    const back = await authorizeInBrowser(created.body.authorizeUrl!);
    expect(back.status).toBe(302);
    const location = new URL(back.headers.get('location')!);
    expect(location.href.startsWith(`${returnPrefix}done?x=1&`)).toBe(true);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ connectionId: created.body.id, status: 'connected' });
  });

  it('cancels cleanly when disconnected while waiting for authorization', async () => {
    const created = await create(s, { integration: 'replica-basic' });
    await waitForOnboarding(s, created.body.id, { step: 'connect', state: 'waiting' });
    const deleted = await s.api(`/v1/connections/${created.body.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.body.status).toBe('disconnected');
    const handle = s.stack.temporal.client.workflow.getHandle(`onboarding:${created.body.id}`);
    await waitFor('workflow cancelled', async () => (await handle.describe()).status.name === 'CANCELLED');
    const states = await s.stack.db.selectFrom('oauth_states').select('code_verifier_encrypted').where('connection_id', '=', created.body.id).execute();
    expect(states.every((st) => st.code_verifier_encrypted === null)).toBe(true);
    // The authorization link it handed out no longer leads anywhere.
    const late = await authorizeInBrowser(created.body.authorizeUrl!);
    expect(late.status).toBe(400);
    expect((await s.api(`/v1/connections/${created.body.id}`)).body.status).toBe('disconnected');
    await captureHistory(s.stack.temporal.client, 'v2-oauth-cancelled', `onboarding:${created.body.id}`);
  });

  it('keeps the state of an incomplete or malformed callback, so the real answer still completes', async () => {
    const created = await create(s, { integration: 'replica-basic', config: { accountId: 'acct-1' } });
    await waitForOnboarding(s, created.body.id, { step: 'connect', state: 'waiting' });
    const browser = testBrowser();
    const atProvider = await browser.open(await providerUrl(created.body.authorizeUrl!, browser));
    const callback = new URL(atProvider.headers.get('location')!);
    const stateOnly = new URL(callback.pathname, callback.origin);
    stateOnly.searchParams.set('state', callback.searchParams.get('state')!);

    const incomplete = await browser.open(stateOnly);
    expect(incomplete.status).toBe(400);
    expect(await incomplete.text()).toMatch(/neither a code nor an error/);
    // An error Postgres could not store in the connection's lastError.
    const withNul = new URL(stateOnly);
    withNul.searchParams.set('error', 'access_denied\u0000');
    const malformed = await browser.open(withNul);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toMatch(/error: must not contain NUL/);
    const states = await s.stack.db.selectFrom('oauth_states').select('used_at').where('connection_id', '=', created.body.id).execute();
    expect(states).toEqual([{ used_at: null }]);

    const page = await browser.open(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connected');
    await waitForOnboarding(s, created.body.id, { status: 'active' });
  });

  it('refuses the callback in a browser other than the one that opened the link, which may still finish it', async () => {
    const created = await create(s, { integration: 'replica-basic', config: { accountId: 'acct-1' } });
    await waitForOnboarding(s, created.body.id, { step: 'connect', state: 'waiting' });
    // The attacker opens the link and forwards the provider's page; the victim approves there.
    const attacker = testBrowser();
    const atProvider = await attacker.open(await providerUrl(created.body.authorizeUrl!, attacker));
    const callback = atProvider.headers.get('location')!;
    expect([...attacker.cookies(s.stack.baseUrl).keys()]).toEqual([expect.stringMatching(/^onramp_oauth_/)]);
    const victim = testBrowser();
    const refused = await victim.open(callback);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/text\/html/);
    const text = await refused.text();
    expect(text).toContain('This sign-in was started in another browser');
    expect(text).toMatch(/go back to that browser/);
    expect(text).not.toMatch(/\/v1\/|GET|POST|40\d/);
    // The start link itself is not the victim's to open either, once a browser has opened it.
    expect((await victim.open(created.body.authorizeUrl!)).status).toBe(403);
    const states = await s.stack.db.selectFrom('oauth_states').select('used_at').where('connection_id', '=', created.body.id).execute();
    expect(states).toEqual([{ used_at: null }]);
    expect((await s.api(`/v1/connections/${created.body.id}`)).body.status).toBe('pending');

    // The browser that started it finishes it (opening the start link again there is fine).
    expect((await attacker.open(created.body.authorizeUrl!)).status).toBe(302);
    const page = await attacker.open(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connected');
    await waitForOnboarding(s, created.body.id, { status: 'active' });
    // Its cookie is dropped once used.
    expect(attacker.cookies(s.stack.baseUrl).size).toBe(0);
  });

  it('answers config sent while waiting for the authorization at once, and uses it after the callback', async () => {
    const created = await create(s, { integration: 'replica-basic' });
    const id = created.body.id;
    await waitForOnboarding(s, id, { step: 'connect', state: 'waiting' });
    // 200 (not 202 after the bound): answered at once, with what onboarding still waits for.
    const early = await s.api(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { accountId: 'acct-2' } }) });
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ status: 'pending', onboarding: { step: 'connect', state: 'waiting' } });

    // The callback still finds onboarding waiting for it, and configure reads the stored config.
    expect((await authorizeInBrowser(created.body.authorizeUrl!)).status).toBe(200);
    await waitForOnboarding(s, id, { status: 'active' });
    await captureHistory(s.stack.temporal.client, 'v2-prompt-oauth-config-early-active', `onboarding:${id}`);
  });
});

describe('OAuth2 authorization timeout', () => {
  let s: OAuthStack;
  beforeAll(async () => {
    s = await oauthStack({ authorizationMs: 1_500 });
  });
  afterAll(async () => s?.close());

  it('fails with a reason that says what to do, then completes after retry', async () => {
    const created = await create(s, { integration: 'replica-basic', config: { accountId: 'acct-1' } });
    const failed = await waitForOnboarding(s, created.body.id, { status: 'failed' });
    expect(failed.onboarding.lastError).toMatchObject({ code: 'authorization_timeout', hint: expect.stringMatching(/POST \/v1\/connections\/\{id\}\/retry/) });
    // The expired link is refused.
    expect((await authorizeInBrowser(created.body.authorizeUrl!)).status).toBe(400);
    const retried = await s.api(`/v1/connections/${created.body.id}/retry`, { method: 'POST' });
    expect(await (await authorizeInBrowser(retried.body.authorizeUrl!)).text()).toContain('Connected');
    await waitForOnboarding(s, created.body.id, { status: 'active' });
    await captureHistory(s.stack.temporal.client, 'v2-oauth-timeout-retry-active', `onboarding:${created.body.id}`);
  });
});
