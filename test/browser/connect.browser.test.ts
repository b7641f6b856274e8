import { copyFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { choosePort } from '../../platform/ports.js';
import { workflowTypes } from '../../workflows/definitions.js';
import { launchBrowser, screenshot, watchPage } from '../helpers/browser.js';
import { choose, expectAccessible, expectPlainWords } from '../helpers/connect-page.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { replicaOAuthProvider } from '../providers/test-providers.js';
import { startCloudflareReplica, type CloudflareReplica } from '../replicas/cloudflare-server.js';
import { startOAuthReplica, type OAuthReplica } from '../replicas/oauth-server.js';

const acmeKey = 'connect-page-acme-key-000001';
const globexKey = 'connect-page-globex-key-00002';
const returnPrefix = 'https://app.example.test/onramp/';

describe('the Connect page in a real Chromium, against the whole stack (worker, replicas)', () => {
  let stack: TestStack;
  let oauth: OAuthReplica;
  let cloudflare: CloudflareReplica;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await choosePort();
    oauth = await startOAuthReplica({ clientId: 'onramp-page', clientSecret: 'page-secret', clientAuth: 'client_secret_basic', redirectUri: `http://127.0.0.1:${port}/v1/oauth/callback`, scopes: ['read'] });
    cloudflare = await startCloudflareReplica();
    cloudflare.tokens.set('good-user-token', {});
    const providers = createProviderRegistry([...builtInProviders, replicaOAuthProvider(oauth, 'client_secret_basic', 'replica-oauth')], {
      endpointOverrides: { ONRAMP_ENDPOINT_CLOUDFLARE_API: cloudflare.url },
    });
    stack = await startTestStack({
      port,
      providers,
      config: () => ({
        apiKeys: [
          { key: acmeKey, tenant: 'acme', role: 'client' },
          { key: globexKey, tenant: 'globex', role: 'client' },
        ],
        oauth: { clients: { REPLICA_OAUTH: { clientId: 'onramp-page', clientSecret: 'page-secret' } }, returnUrls: [returnPrefix] },
      }),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await stack?.close();
    await Promise.all([oauth?.close(), cloudflare?.close()]);
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit, key = acmeKey) => stack.api<T>(key, path, init);
  async function openSession(body: Record<string, unknown>, key = acmeKey) {
    const res = await api<{ token: string; url: string }>('/v1/connect/sessions', { method: 'POST', body: JSON.stringify(body) }, key);
    expect(res.status).toBe(201);
    return res.body;
  }
  async function openPage(url: string): Promise<{ page: Page; context: BrowserContext; seen: ReturnType<typeof watchPage> }> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(url);
    return { page, context, seen };
  }
  /** The browser reports every 4xx/5xx as a console error: the 400s the page shows beside fields (and the 502 of a discovery made to fail) are expected. */
  const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400 \(Bad Request\)|502 \(Bad Gateway\))/.test(e));

  it('API-key wizard: a card per allowed integration, an invalid key shows the hint, corrected in place, then active with KPIs', async () => {
    const session = await openSession({ allowedIntegrations: ['demo', 'cloudflare'], endUser: { id: 'u-1', displayName: 'Ada' }, returnUrl: `${returnPrefix}done` });
    const { page, seen } = await openPage(session.url);
    expect(page.url()).not.toContain('session='); // the token leaves the address bar
    await page.getByRole('heading', { name: 'Choose what to connect' }).waitFor();
    expect(await page.locator('.card h3').allTextContents()).toEqual(['Demo', 'Cloudflare']);
    await screenshot(page, 'connect-1-catalog');
    await page.getByRole('button', { name: 'Connect Demo' }).click();

    const key = page.getByLabel('API key');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await key.getAttribute('required')).not.toBeNull();
    await key.fill('invalid-key');
    await key.press('Enter'); // the keyboard submits
    const notice = page.getByRole('alert');
    await notice.waitFor({ timeout: 60_000 });
    const id = (await api<{ items: ConnectionView[] }>('/v1/connections?integration=demo')).body.items[0]!.id;
    const failed = (await api(`/v1/connections/${id}`)).body;
    expect(failed.status).toBe('failed');
    // The person reads the words meant for them; the hint (API calls) is for API clients and support.
    expect(await notice.textContent()).toContain(failed.onboarding.lastError!.userMessage);
    expect(await notice.textContent()).not.toContain(failed.onboarding.lastError!.hint);
    await screenshot(page, 'connect-2-failed-with-hint');

    await page.getByLabel('API key').fill('demo-good-key');
    await page.getByRole('button', { name: 'Save and test again' }).click();
    await page.getByRole('heading', { name: 'Demo is connected' }).waitFor({ timeout: 60_000 });
    await page.locator('.kpi-list li').first().waitFor();
    expect(await page.getByRole('link', { name: 'Back to the application' }).getAttribute('href')).toBe(`${returnPrefix}done?connectionId=${id}&integration=demo&status=connected`);
    await screenshot(page, 'connect-3-complete');
    const active = (await api(`/v1/connections/${id}`)).body;
    expect(active).toMatchObject({ id, status: 'active', endUser: { id: 'u-1', displayName: 'Ada' } });
    expect(seen.errors).toEqual([]);
    // The README's pictures: refreshed on demand, so a test run leaves the tree clean.
    if (!process.env.ONRAMP_UPDATE_SCREENSHOTS) return;
    mkdirSync(join(process.cwd(), 'docs', 'screenshots'), { recursive: true });
    for (const name of ['connect-1-catalog', 'connect-2-failed-with-hint']) {
      copyFileSync(join(process.cwd(), 'test-artifacts', 'screenshots', `${name}.png`), join(process.cwd(), 'docs', 'screenshots', `${name}.png`));
    }
  });

  it('Cloudflare: the zone list from discovery to choose from, and a config validation error beside its field', async () => {
    const session = await openSession({ allowedIntegrations: ['cloudflare'] });
    const { page, seen } = await openPage(session.url);
    await page.getByLabel('API token').fill('good-user-token');
    await page.getByRole('button', { name: 'Connect' }).click();
    await waitFor('the discovered zones in the list', async () => (await page.getByRole('radio').count()) === cloudflare.zones.length);
    expect(await page.getByRole('radio').first().getAttribute('value')).toBe(cloudflare.zones[0]!.id);
    expect(await page.locator('.choice').first().textContent()).toContain(cloudflare.zones[0]!.name);
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    // When the list cannot be had (Cloudflare down for a moment), the zone ID can still be typed.
    cloudflare.failNext(503, { path: '/zones', times: 1 });
    await page.reload();
    const zone = page.getByLabel('Site (zone)');
    await zone.waitFor({ timeout: 60_000 });
    expect(await page.getByText('We could not load the list').count()).toBe(1);
    await zone.fill('not-a-zone');
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.locator('#config-zoneId-error').waitFor();
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'connect-4-config-error');
    await zone.fill(cloudflare.zones[1]!.id);
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.getByRole('heading', { name: 'Cloudflare is connected' }).waitFor({ timeout: 60_000 });
    expect(unexpected(seen.errors)).toEqual([]);
  });

  let oauthConnection = '';
  it('OAuth wizard through the popup: waits for the sign-in, continues when the server sees the authorization, chooses from discovery, active with KPIs', async () => {
    const session = await openSession({ allowedIntegrations: ['replica-oauth'] });
    const { page, context, seen } = await openPage(session.url);
    // The provider asks the person to allow access: the sign-in is unfinished until they do.
    oauth.askConsentNext();
    const popupOpened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in with Replica OAuth' }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Allow' }).waitFor({ timeout: 60_000 });
    await page.getByText('Waiting for you to finish signing in to Replica OAuth').waitFor();
    await expectPlainWords(page);
    await expectAccessible(page, 'waiting for the sign-in in the popup');
    await screenshot(page, 'connect-5a-oauth-waiting');
    await popup.getByRole('button', { name: 'Allow' }).click();
    // The page moves on when its progress stream sees the authorization arrive, whether or not
    // the popup is still open (it asks the popup to close; the browser may keep it).
    await page.getByRole('radio', { name: /Main account/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('radio').count()).toBe(2);
    await screenshot(page, 'connect-5-oauth-configure');
    await choose(page, 'Main account');
    // The provider answers the connection test slowly: the page shows it working meanwhile.
    const release = oauth.holdUserinfo();
    try {
      await page.getByRole('button', { name: 'Save and test' }).click();
      await page.getByText('Checking that Replica OAuth answers').waitFor({ timeout: 60_000 });
      expect(await page.locator('.steps li.current').textContent()).toMatch(/Check\s*in progress/);
      await expectPlainWords(page);
      await expectAccessible(page, 'working: checking the connection');
      await screenshot(page, 'connect-5b-oauth-checking');
    } finally {
      release();
    }
    await page.getByRole('heading', { name: 'Replica OAuth is connected' }).waitFor({ timeout: 60_000 });
    await page.locator('.kpi-list li').first().waitFor();
    expect(await page.locator('.kpi-list').textContent()).toMatch(/Website visits (today|yesterday): 1/);
    await screenshot(page, 'connect-6-oauth-complete');
    oauthConnection = (await api<{ items: ConnectionView[] }>('/v1/connections?integration=replica-oauth')).body.items[0]!.id;
    expect(seen.errors).toEqual([]);
  });

  it('a session for a connection in error reconnects that same connection, its history kept', async () => {
    expect(oauthConnection).not.toBe('');
    const id = oauthConnection;
    oauth.revokeAll();
    await stack.temporal.client.workflow
      .execute(workflowTypes.sync, { workflowId: `sync:${id}-revoked`, taskQueue: stack.config.taskQueue, args: [{ connectionId: id }] })
      .catch(() => undefined); // the run fails, as it should
    await waitFor('the connection in error', async () => (await api(`/v1/connections/${id}`)).body.status === 'error');
    const runsBefore = await stack.db.selectFrom('sync_runs').select('id').where('connection_id', '=', id).execute();

    const session = await openSession({ connectionId: id });
    const { page, context, seen } = await openPage(session.url);
    await page.getByRole('alert').waitFor({ timeout: 60_000 });
    // A fix link opens on the failing step: the sign-in (Connect) failed, nothing after it counts as done.
    expect(await page.locator('.steps li.failed').textContent()).toMatch(/Connect/);
    expect(await page.locator('.steps li.done').count()).toBe(0);
    await screenshot(page, 'connect-7-reconnect');
    const popupOpened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in to Replica OAuth again' }).click();
    await popupOpened;
    await page.getByRole('heading', { name: 'Replica OAuth is connected' }).waitFor({ timeout: 60_000 });
    const after = (await api(`/v1/connections/${id}`)).body;
    expect(after).toMatchObject({ id, status: 'active' });
    const runsAfter = await stack.db.selectFrom('sync_runs').select('id').where('connection_id', '=', id).execute();
    expect(runsAfter.length).toBeGreaterThanOrEqual(runsBefore.length);
    expect(runsAfter.map((r) => r.id)).toEqual(expect.arrayContaining(runsBefore.map((r) => r.id)));
    expect(seen.errors).toEqual([]);
  });

  it('popups blocked: the sign-in runs in this window, comes back to the Connect page and continues; connected only once active', async () => {
    const session = await openSession({ allowedIntegrations: ['replica-oauth'], returnUrl: `${returnPrefix}done` });
    const context = await browser.newContext();
    contexts.push(context);
    // What Safari and in-app browsers do: window.open answers null.
    await context.addInitScript('window.open = () => null;');
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(session.url);
    // Back on the Connect page, it asks for the connection the sign-in made: the test holds that
    // request in the browser (then lets it through to the server unchanged) to see the page meanwhile.
    let reached!: () => void;
    let letThrough!: () => void;
    let held: Promise<void> | undefined;
    const asked = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (letThrough = resolve));
    const isConnection = (url: URL) => /^\/v1\/connections\/[^/]+$/.test(url.pathname);
    await context.route(isConnection, async (route) => {
      if (route.request().method() === 'GET' && !held) {
        held = gate.then(() => route.continue());
        reached();
        return held;
      }
      return route.continue();
    });
    try {
      await page.getByRole('button', { name: 'Sign in with Replica OAuth' }).click();
      await asked;
      await page.getByRole('status').filter({ hasText: 'Finishing your sign-in…' }).waitFor({ timeout: 60_000 });
      // The sign-in already made the connection: nothing offers to start another meanwhile.
      expect(await page.getByRole('heading', { name: 'Choose what to connect' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Connect/ }).count()).toBe(0);
      await expectPlainWords(page);
      await expectAccessible(page, 'finishing a same-window sign-in');
      await screenshot(page, 'connect-5c-oauth-finishing');
    } finally {
      letThrough();
      await held; // through to the server before the route goes
      await context.unroute(isConnection);
    }
    // Back from the provider on the Connect page (not at the host), asked for the account.
    await page.getByRole('radio', { name: /Main account/ }).waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).origin).toBe(new URL(session.url).origin);
    expect(new URL(page.url()).search).toBe(''); // the callback's parameters left the address bar
    const id = (await api<{ items: ConnectionView[] }>('/v1/connections?integration=replica-oauth')).body.items[0]!.id;
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'configuring', onboarding: { step: 'configure', state: 'waiting' } });
    expect(await page.getByRole('link', { name: 'Back to the application' }).count()).toBe(0);
    await expectPlainWords(page);
    await expectAccessible(page, 'configure after a same-window sign-in');
    await choose(page, 'Main account');
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.getByRole('heading', { name: 'Replica OAuth is connected' }).waitFor({ timeout: 60_000 });
    expect((await api(`/v1/connections/${id}`)).body.status).toBe('active');
    expect(await page.getByRole('link', { name: 'Back to the application' }).getAttribute('href')).toBe(
      `${returnPrefix}done?connectionId=${id}&integration=replica-oauth&status=connected`,
    );
    expect(seen.errors).toEqual([]);
  });

  it('Cancel and Escape leave on every screen: the host hears exit with the connection and the step reached', async () => {
    const session = await openSession({ allowedIntegrations: ['demo', 'cloudflare'], returnUrl: `${returnPrefix}done` });
    const context = await browser.newContext();
    contexts.push(context);
    // The application (the host) on its own origin, isolated as far as a host may be and still hear
    // the popup it opens (COOP same-origin-allow-popups): it opens the Connect page and listens.
    await context.route(`${returnPrefix}**`, (route) =>
      route.fulfill({ contentType: 'text/html', headers: { 'cross-origin-opener-policy': 'same-origin-allow-popups' }, body: '<!doctype html><title>Host</title><h1>Host</h1>' }),
    );
    const hostPage = await context.newPage();
    await hostPage.goto(`${returnPrefix}host`);
    await hostPage.evaluate("window.heard = []; window.addEventListener('message', (event) => window.heard.push({ origin: event.origin, data: event.data }));");
    const opened = context.waitForEvent('page');
    await hostPage.evaluate(`void window.open(${JSON.stringify(session.url)}, '_blank')`);
    const page = await opened;
    await page.getByRole('heading', { name: 'Choose what to connect' }).waitFor();
    await expectAccessible(page, 'catalog');
    await page.getByRole('button', { name: 'Connect Demo' }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click(); // nothing entered
    await page.getByText('Enter your API key').waitFor();
    await expectPlainWords(page);
    await expectAccessible(page, 'credentials form with its error');
    await page.getByLabel('API key').fill('invalid-for-exit');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('alert').waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'failed test');
    const id = (await api<{ items: ConnectionView[] }>('/v1/connections?integration=demo')).body.items[0]!.id;
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.searchParams.get('status') === 'exit');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ connectionId: id, status: 'exit', step: 'connect' });
    const heard = await hostPage.evaluate<{ origin: string; data: { type: string } }[]>('window.heard');
    const types = heard.map((h) => h.data.type);
    expect(types).toEqual(expect.arrayContaining(['open', 'integration_selected', 'step', 'error', 'exit']));
    expect(heard.every((h) => h.origin === new URL(session.url).origin && (h.data as { source?: string }).source === 'onramp-connect')).toBe(true);
    expect(heard.find((h) => h.data.type === 'exit')!.data).toEqual({ source: 'onramp-connect', type: 'exit', connectionId: id, step: 'connect' });
    expect(heard.find((h) => h.data.type === 'error')!.data).toMatchObject({ code: 'auth_failed', userMessage: expect.stringContaining('did not accept') });
    // The connection is left as it was: resumable with a fix link.
    expect((await api(`/v1/connections/${id}`)).body.status).toBe('failed');

    // Without a returnUrl there is nowhere to go back to: the page says so, and nothing is posted.
    const bare = await openSession({ allowedIntegrations: ['demo'] });
    const alone = await context.newPage();
    await alone.goto(bare.url);
    await alone.getByRole('heading', { name: 'Connect Demo' }).waitFor();
    await alone.keyboard.press('Escape');
    await alone.getByRole('heading', { name: 'You left the set-up' }).waitFor();
    await expectAccessible(alone, 'left without a returnUrl');
    await expectPlainWords(alone);

    // Cancel on the catalog, before anything was created.
    const second = await openSession({ allowedIntegrations: ['demo', 'cloudflare'], returnUrl: `${returnPrefix}done` });
    const other = await context.newPage();
    await other.goto(second.url);
    await other.getByRole('heading', { name: 'Choose what to connect' }).waitFor();
    await other.getByRole('button', { name: 'Cancel' }).click();
    await other.waitForURL((url) => url.searchParams.get('status') === 'exit');
    expect(Object.fromEntries(new URL(other.url()).searchParams)).toEqual({ status: 'exit', step: 'catalog' });
  });

  it('on a 390 px phone: no horizontal scroll, axe clean, each step announced and focused, state in words and icons', async () => {
    const session = await openSession({ allowedIntegrations: ['demo', 'cloudflare'], returnUrl: `${returnPrefix}done` });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(session.url);
    const fitsTheScreen = async (state: string) => {
      const widths = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
      expect({ state, ...widths }).toEqual({ state, scroll: widths.client, client: widths.client });
      await expectAccessible(page, state);
      await expectPlainWords(page);
      await screenshot(page, `connect-${state.replace(/[^a-z0-9]+/g, '-')}`);
    };
    /** The new step's heading has the focus, and the live region says where the person is. */
    const focusedOn = async (heading: string) => {
      await waitFor(`the focus on "${heading}"`, async () =>
        page.evaluate<boolean>(`document.activeElement?.id === 'screen-title' && document.activeElement.textContent === ${JSON.stringify(heading)}`),
      );
    };
    await page.getByRole('heading', { name: 'Choose what to connect' }).waitFor();
    await fitsTheScreen('phone: catalog');
    await page.getByRole('button', { name: 'Connect Demo' }).click();
    await focusedOn('Connect Demo');
    await fitsTheScreen('phone: credentials');
    await page.getByLabel('API key').fill('invalid-on-a-phone');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await focusedOn('Connect: this needs your attention');
    expect(await page.locator('[aria-live="polite"]').first().textContent()).toBe('Step 1 of 4, Connect: needs your attention.');
    // State by icon and words, not colour alone.
    expect(await page.locator('.steps li').allInnerTexts()).toEqual([expect.stringMatching(/✕\s*Connect\s*needs attention/), expect.stringMatching(/○\s*Choose\s*not started/), expect.stringMatching(/○\s*Check\s*not started/), expect.stringMatching(/○\s*Complete\s*not started/)]);
    await fitsTheScreen('phone: failed');
    await page.getByLabel('API key').fill('flaky-1');
    await page.getByRole('button', { name: 'Save and test again' }).click();
    await focusedOn('Demo is connected');
    await page.locator('.kpi-list li').first().waitFor();
    await fitsTheScreen('phone: complete');
    await screenshot(page, 'connect-10-phone-complete');
    expect(seen.errors).toEqual([]);

    // A discovered list on the phone: names wrap, the search box and the ids fit.
    const zones = await openSession({ allowedIntegrations: ['cloudflare'] });
    await page.goto('about:blank'); // else only the fragment changes, and the page stays as it was
    await page.goto(zones.url);
    await page.getByLabel('API token').fill('good-user-token');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('radio', { name: new RegExp(cloudflare.zones[0]!.name.replace(/\./g, '\\.')) }).waitFor({ timeout: 60_000 });
    await focusedOn('Choose what Cloudflare should report on');
    await fitsTheScreen('phone: choose a zone');
  });

  it('a link whose connection the application set up meanwhile is read-only: a late change is refused and the page shows it connected', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'invalid-before-the-fix' } }) });
    const id = created.body.id;
    await waitFor('the failed onboarding', async () => (await api(`/v1/connections/${id}`)).body.status === 'failed');
    const session = await openSession({ connectionId: id });
    const { page, seen } = await openPage(session.url);
    await page.getByRole('alert').waitFor({ timeout: 60_000 });
    // The application fixes it with its key while the page still shows the failure.
    expect((await api(`/v1/connections/${id}/credentials`, { method: 'PUT', body: JSON.stringify({ credentials: { apiKey: 'demo-good-key' } }) })).status).toBe(200);
    await waitFor('the connection active with its first sync', async () => {
      const c = (await api(`/v1/connections/${id}`)).body;
      return c.status === 'active' && c.sync.lastStatus !== null;
    });
    await page.getByLabel('API key').fill('a-late-key');
    await page.getByRole('button', { name: 'Save and test again' }).click();
    await page.getByRole('heading', { name: 'Demo is connected' }).waitFor({ timeout: 60_000 });
    expect(seen.errors.filter((e) => !/status of 403/.test(e))).toEqual([]);
  });

  it('an expired link says so and what to do; a session cannot reach another tenant\'s connection', async () => {
    const session = await openSession({});
    await stack.db
      .updateTable('connect_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', createHash('sha256').update(session.token).digest('base64url'))
      .execute();
    const { page } = await openPage(session.url);
    await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/This link has expired: ask .* for a new one/);
    await expectAccessible(page, 'expired link');
    await screenshot(page, 'connect-8-expired');

    const globex = await openSession({}, globexKey);
    const other = await openPage(globex.url);
    await other.page.getByRole('heading', { name: 'Choose what to connect' }).waitFor();
    const status = await other.page.evaluate(
      async ([connectionId, token]) => (await fetch(`/v1/connections/${connectionId}`, { headers: { authorization: `Bearer ${token}` } })).status,
      [oauthConnection, globex.token] as const,
    );
    expect(status).toBe(404);
  });

  it('renders a connection named with markup and a provider message carrying markup as text: nothing runs', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', name, credentials: { apiKey: 'invalid-markup' } }) });
    const id = created.body.id;
    await waitFor('the failed onboarding', async () => (await api(`/v1/connections/${id}`)).body.status === 'failed');
    // A provider's message as a hostile vendor might word it.
    const message = '<script>alert(2)</script><b onmouseover=alert(3)>denied</b>';
    await stack.db
      .updateTable('connections')
      .set({ onboarding_last_error: JSON.stringify({ code: 'auth_failed', message: 'denied', hint: '<a href="javascript:alert(4)">fix</a>', userMessage: message }) })
      .where('id', '=', id)
      .execute();
    const session = await openSession({ connectionId: id });
    const { page, seen } = await openPage(session.url);
    await page.getByRole('alert').waitFor({ timeout: 60_000 });
    expect(await page.locator('#connection-title').textContent()).toBe(name);
    expect(await page.getByRole('alert').textContent()).toContain(message);
    expect(await page.locator('main img, main script, main b, main a[href^="javascript"]').count()).toBe(0);
    await screenshot(page, 'connect-9-markup-as-text');
    expect(seen.dialogs).toEqual([]);
  });

  it('a sign-in opened in one browser cannot be finished in another: that one reads why, the first still finishes it', async () => {
    const session = await openSession({ allowedIntegrations: ['replica-oauth'] });
    const { page, context, seen } = await openPage(session.url);
    // The provider's answer is held back in the first browser, as if its user forwarded the
    // provider's page to someone else, who approved it in their own browser. (Playwright does not
    // intercept redirects, so the test walks the start link and the provider itself, in this
    // browser's cookie jar, and holds the popup on a blank page.)
    let callback = '';
    const isStart = (url: URL) => url.pathname === '/v1/oauth/start';
    await context.route(isStart, async (route) => {
      const started = await route.fetch({ maxRedirects: 0 });
      const atProvider = await context.request.get(started.headers()['location']!, { maxRedirects: 0 });
      callback = atProvider.headers()['location']!;
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Held</title><p>Held by the test.</p>' });
    });
    const popupOpened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in with Replica OAuth' }).click();
    const popup = await popupOpened;
    await waitFor('the provider to send the browser back', async () => callback !== '');
    await context.unroute(isStart);
    expect((await context.cookies()).map((c) => c.name)).toContainEqual(expect.stringMatching(/^onramp_oauth_/));

    const elsewhere = await browser.newContext();
    contexts.push(elsewhere);
    const other = await elsewhere.newPage();
    const answer = await other.goto(callback);
    expect(answer?.status()).toBe(403);
    await other.getByRole('heading', { name: 'This sign-in was started in another browser' }).waitFor();
    expect(await other.textContent('body')).toMatch(/go back to that browser/);
    await expectPlainWords(other);
    await expectAccessible(other, 'sign-in finished in another browser');
    await screenshot(other, 'connect-10-other-browser');
    const id = (await api<{ items: ConnectionView[] }>('/v1/connections?integration=replica-oauth')).body.items[0]!.id;
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'pending', onboarding: { step: 'connect' } });

    // The browser that started it brings the answer in, and the Connect page moves on.
    await popup.goto(callback).catch(() => undefined); // the page may close the popup as it moves on
    await page.getByRole('radio', { name: /Main account/ }).waitFor({ timeout: 60_000 });
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'configuring' });
    expect(seen.errors.filter((e) => !/ERR_FAILED|net::/.test(e))).toEqual([]);
  });
});
