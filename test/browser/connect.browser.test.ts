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
  /** The browser reports every 4xx as a console error: the 400s the page shows beside fields are expected. */
  const unexpected = (errors: string[]) => errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e));
  const statusShown = (page: Page, status: string) => page.locator(`[data-status="${status}"]`).waitFor({ timeout: 60_000 });

  it('API-key wizard: a card per allowed integration, an invalid key shows the hint, corrected in place, then active with KPIs', async () => {
    const session = await openSession({ allowedIntegrations: ['demo', 'cloudflare'], endUser: { id: 'u-1', displayName: 'Ada' }, returnUrl: `${returnPrefix}done` });
    const { page, seen } = await openPage(session.url);
    expect(page.url()).not.toContain('session='); // the token leaves the address bar
    await page.getByRole('heading', { name: 'Choose what to connect' }).waitFor();
    expect(await page.locator('.card h3').allTextContents()).toEqual(['Demo', 'Cloudflare']);
    await screenshot(page, 'connect-1-catalog');
    await page.getByRole('button', { name: 'Connect Demo' }).click();

    const key = page.getByLabel('Api key');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await key.getAttribute('required')).not.toBeNull();
    await key.fill('invalid-key');
    await key.press('Enter'); // the keyboard submits
    const notice = page.getByRole('alert');
    await notice.waitFor({ timeout: 60_000 });
    const id = (await api<{ items: ConnectionView[] }>('/v1/connections?integration=demo')).body.items[0]!.id;
    const failed = (await api(`/v1/connections/${id}`)).body;
    expect(failed.status).toBe('failed');
    expect(await notice.textContent()).toContain(failed.onboarding.lastError!.hint);
    await screenshot(page, 'connect-2-failed-with-hint');

    await page.getByLabel('Api key').fill('demo-good-key');
    await page.getByRole('button', { name: 'Save and test again' }).click();
    await page.getByText('Demo is connected').waitFor({ timeout: 60_000 });
    expect(await page.locator('.kpi-list li').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Back to the application' }).getAttribute('href')).toBe(`${returnPrefix}done?connectionId=${id}&status=connected`);
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
    await page.getByLabel('Api token').fill('good-user-token');
    await page.getByRole('button', { name: 'Connect' }).click();
    const zone = page.getByLabel('Zone id');
    await zone.waitFor({ timeout: 60_000 });
    await waitFor('the discovered zones in the list', async () => (await page.locator('#config-zoneId-choices option').count()) === cloudflare.zones.length);
    expect(await page.locator('#config-zoneId-choices option').first().textContent()).toContain(cloudflare.zones[0]!.name);
    await zone.fill('not-a-zone');
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.locator('#config-zoneId-error').waitFor();
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'connect-4-config-error');
    await zone.fill(cloudflare.zones[1]!.id);
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.getByText('Cloudflare is connected').waitFor({ timeout: 60_000 });
    expect(unexpected(seen.errors)).toEqual([]);
  });

  let oauthConnection = '';
  it('OAuth wizard through the popup: continues when the server sees the authorization, chooses from discovery, active with KPIs', async () => {
    const session = await openSession({ allowedIntegrations: ['replica-oauth'] });
    const { page, context, seen } = await openPage(session.url);
    const popupOpened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in with Replica OAuth' }).click();
    await popupOpened;
    // The page moves on when its progress stream sees the authorization arrive, whether or not
    // the popup is still open (it asks the popup to close; the browser may keep it).
    const account = page.getByLabel('Account id');
    await account.waitFor({ timeout: 60_000 });
    await waitFor('the discovered accounts', async () => (await page.locator('#config-accountId-choices option').count()) === 2);
    await screenshot(page, 'connect-5-oauth-configure');
    await account.fill('acct-1');
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.getByText('Replica OAuth is connected').waitFor({ timeout: 60_000 });
    expect(await page.locator('.kpi-list').textContent()).toContain('website traffic');
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
    await screenshot(page, 'connect-7-reconnect');
    const popupOpened = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in to Replica OAuth again' }).click();
    await popupOpened;
    await statusShown(page, 'active');
    const after = (await api(`/v1/connections/${id}`)).body;
    expect(after).toMatchObject({ id, status: 'active' });
    const runsAfter = await stack.db.selectFrom('sync_runs').select('id').where('connection_id', '=', id).execute();
    expect(runsAfter.length).toBeGreaterThanOrEqual(runsBefore.length);
    expect(runsAfter.map((r) => r.id)).toEqual(expect.arrayContaining(runsBefore.map((r) => r.id)));
    expect(seen.errors).toEqual([]);
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
      .set({ onboarding_last_error: JSON.stringify({ code: 'auth_failed', message, hint: '<a href="javascript:alert(4)">fix</a>' }) })
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
});
