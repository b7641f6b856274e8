import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { accessibilityProblems, screenshot, watchPage } from '../helpers/browser.js';
import { startConsoleTest, SUPPORT_LABEL, type ConsoleTest } from '../helpers/console.js';
import type { TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { MARKUP_MESSAGE, markupErrorProvider } from '../providers/test-providers.js';

const XSS_NAME = '<img src=x onerror=alert(1)>';
const COOKIE = 'onramp_console';
/** Chromium logs every 4xx answer as a console error: the refused sign-in is one, and expected. */
const unexpected = (errors: string[]) => errors.filter((e) => !/Failed to load resource: the server responded with a status of 403/.test(e));

describe('support console (real Chromium, API, worker, Temporal and Postgres)', () => {
  let test: ConsoleTest;
  let stack: TestStack;
  let browser: Browser;
  let keys: ConsoleTest['keys'];
  let supportKeyId: string;
  let signedIn: ConsoleTest['signedIn'];
  const ids = { active: '', failed: '', markup: '', waiting: '' };

  const api = <T = ConnectionView>(key: string, path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const connection = async (id: string) => (await api(keys.acme, `/v1/connections/${id}`)).body;
  async function create(key: string, body: Record<string, unknown>, until: (c: ConnectionView) => boolean): Promise<string> {
    const created = await api(key, '/v1/connections', { method: 'POST', body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    await waitFor(`connection ${(body.name as string | undefined) ?? created.body.id} settled`, async () => {
      const c = (await api(key, `/v1/connections/${created.body.id}`)).body;
      return until(c) && c;
    });
    return created.body.id;
  }

  beforeAll(async () => {
    test = await startConsoleTest('console', { providers: createProviderRegistry([...builtInProviders, markupErrorProvider]) });
    ({ stack, browser, keys, supportKeyId, signedIn } = test);
    const [active, failed, markup] = await Promise.all([
      create(keys.acme, { integration: 'demo', name: 'Acme shop', config: { site: 'acme.example' }, credentials: { apiKey: 'demo-123' } }, (c) => c.sync.lastStatus === 'succeeded'),
      create(keys.acme, { integration: 'demo', name: XSS_NAME, credentials: { apiKey: 'invalid-key' } }, (c) => c.status === 'failed'),
      create(keys.globex, { integration: 'markup-errors', name: 'Globex vendor', credentials: { apiKey: 'k' } }, (c) => c.status === 'failed'),
    ]);
    Object.assign(ids, { active, failed, markup });
    // Made by an end user through a Connect session, and left waiting for their credentials.
    const session = await api<{ token: string }>(keys.globex, '/v1/connect/sessions', {
      method: 'POST',
      // The tenant names the connection in the session (the page may not: issue 25).
      body: JSON.stringify({ allowedIntegrations: ['demo'], endUser: { id: 'cust-7', displayName: 'Grace Hopper', email: 'grace@globex.example' }, connection: { name: 'Globex web shop' } }),
    });
    expect(session.status).toBe(201);
    ids.waiting = await create(session.body.token, { integration: 'demo' }, (c) => c.status === 'pending' && c.onboarding.state === 'waiting');
  });
  afterAll(async () => test?.close());

  const statusOf = (page: Page) => page.getByTestId('connection-status');

  it('refuses a client key at sign-in, saying to use a support key, and sets no cookie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(`${stack.baseUrl}/console`);
    await page.getByLabel('Support API key').fill(keys.acme);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Client keys cannot sign in to the support console');
    expect((await context.cookies()).map((c) => c.name)).not.toContain(COOKIE);
    await screenshot(page, 'console-sign-in-refused');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(unexpected(seen.errors)).toEqual([]);
    await context.close();
  });

  it('signs in with a support key into an HttpOnly, SameSite=Strict cookie; the page keeps no key', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(`${stack.baseUrl}/console`);
    await screenshot(page, 'console-sign-in');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('Support API key').fill(keys.support);
    await page.getByLabel('Support API key').press('Enter');
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
    const cookie = (await context.cookies()).find((c) => c.name === COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', secure: false });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 7 * 3600);
    expect(await page.content()).not.toContain(keys.support);
    expect(await page.evaluate('[document.cookie, localStorage.length, sessionStorage.length]')).toEqual(['', 0, 0]);
    await expect(page.getByText(`Signed in with support key ${supportKeyId}`).count()).resolves.toBe(1);
    // The session row holds a hash, never the id the cookie carries.
    const rows = await stack.db.selectFrom('console_sessions').selectAll().execute();
    expect(rows.some((r) => r.id_hash === createHash('sha256').update(cookie!.value).digest('hex'))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(cookie!.value);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('lists what needs someone across tenants, filters failed, and shows names and provider messages as text', async () => {
    const { context, page, seen } = await signedIn();
    const table = page.getByRole('table', { name: 'Connections' });
    await table.waitFor();
    // Needs attention by default: both failed connections, of two tenants; not the healthy one.
    await expect(table.getByRole('link').allTextContents()).resolves.toEqual(expect.arrayContaining([XSS_NAME, 'Globex vendor']));
    await expect(table.getByRole('link', { name: 'Acme shop' }).count()).resolves.toBe(0);

    // The page remounts for each new URL and then asks for its list: waiting for that answer (not
    // for rows, which the old list may still show) means the next change lands on the new form.
    const listAnswered = (status: string) =>
      page.waitForResponse((r) => r.url().includes('/v1/connections?') && new URL(r.url()).searchParams.get('status') === status);
    await page.getByLabel('Needs attention only').uncheck();
    await page.getByLabel('Status').selectOption('failed');
    const failedAnswered = listAnswered('failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=failed/);
    await failedAnswered;
    // Both lists hold the same two connections: wait for the failed one by its content.
    const rows = await waitFor('the failed list', async () => {
      const texts = (await table.getByRole('row').allTextContents()).slice(1);
      return texts.length === 2 && texts.every((r) => r.includes('failed') && r.includes('auth_failed')) && texts;
    }, 20_000);
    expect(rows.join('\n')).toContain('globex');

    await page.getByLabel('Status').selectOption('active');
    const activeAnswered = listAnswered('active');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=active/);
    await activeAnswered;
    await waitFor('the active list', async () => (await table.getByRole('link').allTextContents()).join() === 'Acme shop' || undefined, 20_000);

    await page.goto(`${stack.baseUrl}/console#/?status=failed&needsAttention=false&tenant=globex`);
    await waitFor('the globex list', async () => (await table.getByRole('link').allTextContents()).join() === 'Globex vendor' || undefined, 20_000);
    await screenshot(page, 'console-home');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.goto(`${stack.baseUrl}/console#/connections/${ids.markup}`);
    await expect(page.getByRole('note', { name: 'Last error' }).textContent()).resolves.toContain(MARKUP_MESSAGE);
    await page.goto(`${stack.baseUrl}/console#/connections/${ids.failed}`);
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(XSS_NAME);
    await screenshot(page, 'console-connection-failed');
    expect(await accessibilityProblems(page)).toEqual([]);
    // Nothing of the markup became an element, and nothing ran.
    expect(await page.locator('main img, main script, main b, main em').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('finds a connection by its end user\'s email and by a fragment of its name, across tenants', async () => {
    const { context, page, seen } = await signedIn();
    const table = page.getByRole('table', { name: 'Connections' });
    await table.waitFor();
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('GRACE@globex.EXAMPLE');
    // Typing a search looks beyond what needs attention.
    await expect(page.getByLabel('Needs attention only').isChecked()).resolves.toBe(false);
    await search.press('Enter');
    await page.waitForURL(/q=GRACE/);
    const found = await waitFor('the end user\'s connection', async () => {
      const rows = (await table.getByRole('row').allTextContents()).slice(1);
      return rows.length === 1 && rows[0]!.includes('Globex web shop') && rows[0];
    }, 20_000);
    expect(found).toContain('for Grace Hopper <grace@globex.example> (cust-7)');
    expect(found).toMatch(/pending.*since .*\(\d+ min\)/);
    await screenshot(page, 'console-search-email');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.goto(`${stack.baseUrl}/console#/?q=SHOP&needsAttention=false`);
    await waitFor('both tenants\' shops', async () => {
      const links = (await table.getByRole('link').allTextContents()).sort();
      return links.join() === 'Acme shop,Globex web shop' || undefined;
    }, 20_000);
    const tenants = await table.locator('td[data-label="Tenant"]').allTextContents();
    expect(tenants.sort()).toEqual(['acme', 'globex']);
    await screenshot(page, 'console-search-name');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('shows a connection: timeline, sync runs, a KPI chart, its audit trail and links to Temporal', async () => {
    const { context, page, seen } = await signedIn(`#/connections/${ids.active}`);
    await page.getByRole('heading', { name: 'Acme shop' }).waitFor();
    await expect(statusOf(page).textContent()).resolves.toBe('active');
    await expect(page.getByRole('table', { name: 'Sync runs' }).getByRole('row').nth(1).textContent()).resolves.toContain('succeeded');
    await page.getByLabel('KPI shown').selectOption('website_traffic');
    const chart = page.getByRole('img', { name: /^website_traffic from/ });
    await chart.waitFor();
    expect(await chart.locator('polyline').getAttribute('points')).toMatch(/^[\d.]+,[\d.]+( [\d.]+,[\d.]+){7}$/);
    // A big day of revenue, as a large shop has: its axis label ("10,550.04") must not start left of the chart's edge.
    const twentyDaysAgo = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    await stack.db.insertInto('kpi_values').values({ connection_id: ids.active, tenant_id: 'acme', kpi_key: 'revenue', period_start: twentyDaysAgo, value: 10_550.04, unit: 'USD', sync_run_id: null }).execute();
    await page.getByLabel('KPI shown').selectOption('revenue');
    const revenue = page.getByRole('img', { name: /^revenue from/ });
    await revenue.waitFor();
    const leftmost = await revenue.locator('text').evaluateAll((labels) => Math.min(...labels.map((l) => (l as unknown as { getBBox(): { x: number } }).getBBox().x)));
    expect(leftmost).toBeGreaterThanOrEqual(0);
    await expect(page.getByRole('table', { name: 'Audit trail' }).textContent()).resolves.toContain('create');
    await expect(page.getByRole('link', { name: 'Onboarding workflow' }).getAttribute('href')).resolves.toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/onboarding:${ids.active}`,
    );
    await expect(page.getByRole('link', { name: 'Sync schedule' }).getAttribute('href')).resolves.toBe(`http://127.0.0.1:8233/namespaces/default/schedules/sync:${ids.active}`);
    // `done` ends the steps; it is no step of its own (issue 24: no stray "done — done" row).
    await expect(page.locator('.steps li').allTextContents()).resolves.toEqual(['connect — done', 'configure — done', 'test — done', 'activate — done']);
    await screenshot(page, 'console-connection');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('retries a failed onboarding after a confirmation: same connection, tested again, audited under the support key', async () => {
    const { context, page, seen } = await signedIn(`#/connections/${ids.failed}`);
    await expect(statusOf(page).textContent()).resolves.toBe('failed');
    const before = await connection(ids.failed);
    await page.getByRole('button', { name: 'Retry' }).click();
    // Nothing happens before the confirmation, which has the focus (Enter confirms).
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain('keeps its id');
    await page.waitForFunction("document.activeElement?.textContent === 'Confirm: Retry'");
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Retry' }).textContent()).resolves.toMatch(/Retry: done/);
    const after = await waitFor('the onboarding tested again', async () => {
      const c = await connection(ids.failed);
      return c.onboarding.attempts > before.onboarding.attempts && c.status === 'failed' && c;
    });
    expect(after.id).toBe(ids.failed);
    const audited = await stack.db.selectFrom('audit_events').selectAll().where('connection_id', '=', ids.failed).where('action', '=', 'retry').execute();
    expect(audited.map((e) => [e.actor_key_id, e.actor_role, e.outcome])).toEqual([[supportKeyId, 'support', 'ok']]);
    await page.getByText(`attempt ${after.onboarding.attempts}`).first().waitFor();
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('pauses and resumes syncs, each after a confirmation', async () => {
    const { context, page, seen } = await signedIn(`#/connections/${ids.active}`);
    await expect(statusOf(page).textContent()).resolves.toBe('active');
    await page.getByRole('button', { name: 'Pause syncs' }).click();
    await page.getByRole('button', { name: 'Confirm: Pause syncs' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Pause' }).textContent()).resolves.toContain('now paused');
    await expect(statusOf(page).textContent()).resolves.toBe('paused');
    expect((await connection(ids.active)).sync.paused).toBe(true);

    await page.getByRole('button', { name: 'Resume syncs' }).click();
    await page.getByRole('button', { name: 'Confirm: Resume syncs' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Resume' }).textContent()).resolves.toContain('now active');
    expect((await connection(ids.active)).sync.paused).toBe(false);
    const actions = await stack.db.selectFrom('audit_events').select(['action', 'actor_key_id']).where('connection_id', '=', ids.active).where('action', 'in', ['pause', 'resume']).orderBy('id').execute();
    expect(actions).toEqual([
      { action: 'pause', actor_key_id: supportKeyId },
      { action: 'resume', actor_key_id: supportKeyId },
    ]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('reports the state a retry settled in, not the one the API answered at once', async () => {
    const id = await create(keys.acme, { integration: 'demo', name: 'Acme store', credentials: { apiKey: 'demo-123' } }, (c) => c.sync.lastStatus === 'succeeded');
    // As three failed runs in a row leave it (its schedule keeps running); the vendor answers again now.
    await stack.db
      .updateTable('connections')
      .set({ status: 'error', last_sync_status: 'failed', consecutive_failures: 3, last_sync_error: JSON.stringify({ code: 'provider_unavailable', message: 'Demo answered 503', hint: 'Transient; Onramp retries it.' }) })
      .where('id', '=', id)
      .execute();
    const { context, page, seen } = await signedIn(`#/connections/${id}`);
    await expect(statusOf(page).textContent()).resolves.toBe('error');
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: 'Confirm: Retry' }).click();
    const said = page.getByRole('status').filter({ hasText: 'Retry: done' });
    await said.waitFor({ timeout: 90_000 });
    // Not "now error" (what the API's answer showed): the run it started, and where it left the connection.
    await expect(said.textContent()).resolves.toMatch(/^Retry: done\. The sync ran and succeeded \(\d+ KPIs written\); the connection is now active\.$/);
    await expect(statusOf(page).textContent()).resolves.toBe('active');
    expect((await connection(id)).status).toBe('active');
    // People, not key ids: the retry is shown under the name of who holds the support key.
    await waitFor('the retry in the audit trail', async () => {
      const rows = await page.getByRole('table', { name: 'Audit trail' }).getByRole('row').allTextContents();
      return rows.some((r) => r.includes('retry') && r.includes(`${SUPPORT_LABEL}support`)) || undefined;
    }, 20_000);
    await expect(page.getByText(`Signed in with support key ${supportKeyId} (${SUPPORT_LABEL})`).count()).resolves.toBe(1);
    await screenshot(page, 'console-retry-settled');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('makes a fix link that the end user opens to fix the connection in the Connect page, audited', async () => {
    const id = await create(keys.acme, { integration: 'demo', name: 'Acme invoices', credentials: { apiKey: 'invalid-key' } }, (c) => c.status === 'failed');
    const { context, page, seen } = await signedIn(`#/connections/${id}`);
    await expect(statusOf(page).textContent()).resolves.toBe('failed');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    await page.getByRole('button', { name: 'Make a fix link' }).click();
    const field = page.getByLabel(/^Fix link/);
    await field.waitFor();
    const url = await field.inputValue();
    expect(url).toMatch(new RegExp(`^${stack.baseUrl}/connect#session=ocs_`));
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
    await screenshot(page, 'console-fix-link');
    expect(await accessibilityProblems(page)).toEqual([]);

    // The end user, in a browser of their own: the page opens on what failed and takes a new key.
    const user = await browser.newContext();
    const connect = await user.newPage();
    const userSeen = watchPage(connect);
    await connect.goto(url);
    await connect.getByRole('alert').waitFor({ timeout: 60_000 });
    await connect.getByLabel('API key').fill('demo-good-key');
    await connect.getByRole('button', { name: 'Save and test again' }).click();
    await connect.getByRole('heading', { name: 'Demo is connected' }).waitFor({ timeout: 60_000 });
    await screenshot(connect, 'console-fix-link-connect-page');
    expect((await connection(id))).toMatchObject({ id, status: 'active' });
    const audited = await stack.db
      .selectFrom('audit_events')
      .select(['action', 'actor_key_id', 'actor_role', 'outcome'])
      .where('connection_id', '=', id)
      .where('action', 'in', ['connect_session.create', 'credentials.update'])
      .orderBy('id')
      .execute();
    expect(audited).toEqual([
      { action: 'connect_session.create', actor_key_id: supportKeyId, actor_role: 'support', outcome: 'ok' },
      { action: 'credentials.update', actor_key_id: supportKeyId, actor_role: 'connect_session', outcome: 'ok' },
    ]);
    expect(userSeen.errors).toEqual([]);
    expect(seen.errors).toEqual([]);
    await user.close();
    await context.close();
  });

  it('retries three failed connections at once: one confirmation naming the count, progress per connection, each audited, a refusal shown', async () => {
    const [gone, ...bulk] = await Promise.all(
      [0, 1, 2, 3].map((n) => create(keys.globex, { integration: 'demo', name: `Bulk store ${n}`, credentials: { apiKey: 'invalid-key' } }, (c) => c.status === 'failed')),
    );
    const attemptsOf = async (id: string) => (await api(keys.globex, `/v1/connections/${id}`)).body.onboarding.attempts;
    const before = await Promise.all(bulk.map(attemptsOf));
    const { context, page, seen } = await signedIn('#/?q=bulk%20store&needsAttention=false');
    const table = page.getByRole('table', { name: 'Connections' });
    await waitFor('the four found', async () => (await table.getByRole('link').count()) === 4 || undefined, 20_000);
    for (const n of [0, 1, 2, 3]) await page.getByRole('checkbox', { name: `Select Bulk store ${n} (globex)` }).check();
    // Meanwhile its tenant disconnects one of them: its retry is refused, the others go on.
    expect((await api(keys.globex, `/v1/connections/${gone}`, { method: 'DELETE' })).status).toBe(200);
    await waitFor('the disconnect', async () => (await api(keys.globex, `/v1/connections/${gone}`)).body.status === 'disconnected' || undefined);
    const section = page.getByRole('region', { name: '4 connections selected' });
    await section.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain('Retry: 4 of the 4 selected connections, one at a time?');
    await page.getByRole('button', { name: 'Confirm: Retry 4' }).click();
    const summary = section.getByRole('status').filter({ hasText: 'Retry:' });
    await summary.waitFor({ timeout: 90_000 });
    await expect(summary.textContent()).resolves.toBe('Retry: 3 of 4 done; 1 did not happen.');
    const items = await section.getByRole('list', { name: 'Progress per connection' }).getByRole('listitem').allTextContents();
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(/^Bulk store 0 \(globex\): did not happen: the connection is disconnected/);
    const rows = items.slice(1);
    for (const row of rows) expect(row).toMatch(/^Bulk store \d \(globex\): done\. Tested again \(attempt \d+\): the connection is now failed; auth_failed: /);
    const after = await Promise.all(bulk.map(attemptsOf));
    after.forEach((attempts, i) => expect(attempts).toBeGreaterThan(before[i]!));
    const audited = await stack.db.selectFrom('audit_events').select(['connection_id', 'actor_key_id', 'outcome']).where('action', '=', 'retry').where('connection_id', 'in', bulk).execute();
    expect(audited.map((e) => e.connection_id).sort()).toEqual([...bulk].sort());
    expect(audited.every((e) => e.actor_key_id === supportKeyId && e.outcome === 'ok')).toBe(true);
    await screenshot(page, 'console-bulk-retry');
    expect(await accessibilityProblems(page)).toEqual([]);
    // Chromium logs the refused retry's 409 as a console error: expected.
    expect(seen.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await context.close();
  });

  it('reads on a phone (390 px: a card per row, nothing wider than the screen), and Escape takes a confirmation back', async () => {
    const { context, page, seen } = await signedIn('#/?needsAttention=false');
    await page.setViewportSize({ width: 390, height: 844 });
    const table = page.getByRole('table', { name: 'Connections' });
    await table.waitFor();
    const displayOf = (element: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(element).display;
    // Each row a card (a block of its own), not a table row squeezed to the screen.
    await expect(table.locator('tbody tr').first().evaluate(displayOf)).resolves.toBe('block');
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    await screenshot(page, 'console-phone-list');
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.goto(`${stack.baseUrl}/console#/connections/${ids.active}`);
    await page.getByRole('heading', { name: 'Acme shop' }).waitFor();
    await page.getByRole('table', { name: 'Sync runs' }).waitFor();
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Pause syncs' }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    expect((await connection(ids.active)).sync.paused).toBe(false);
    await screenshot(page, 'console-phone-connection');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('refuses a state change made from the page with the cookie but without the CSRF token', async () => {
    const { context, page } = await signedIn(`#/connections/${ids.active}`);
    await page.getByRole('heading', { name: 'Acme shop' }).waitFor();
    const answers = await page.evaluate(async (id) => {
      const without = await fetch(`/v1/connections/${id}/pause`, { method: 'POST' });
      const wrong = await fetch(`/v1/connections/${id}/pause`, { method: 'POST', headers: { 'x-csrf-token': 'guessed' } });
      return [without.status, wrong.status, ((await without.json()) as { detail: string }).detail];
    }, ids.active);
    expect(answers.slice(0, 2)).toEqual([403, 403]);
    expect(answers[2]).toContain('x-csrf-token');
    expect((await connection(ids.active)).sync.paused).toBe(false);
    await context.close();
  });

  it('signs out: the cookie is cleared and the old one no longer works', async () => {
    const { context, page, seen } = await signedIn();
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
    const old = (await context.cookies()).find((c) => c.name === COOKIE)!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Support API key').waitFor();
    await expect(page.getByRole('status').first().textContent()).resolves.toBe('You are signed out.');
    expect((await context.cookies()).map((c) => c.name)).not.toContain(COOKIE);
    const replayed = await fetch(`${stack.baseUrl}/v1/connections`, { headers: { cookie: `${COOKIE}=${old.value}` } });
    expect(replayed.status).toBe(401);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('says clearly when the API cannot be reached', async () => {
    const { context, page } = await signedIn();
    await page.getByRole('heading', { name: 'Connections' }).waitFor();
    await page.route('**/v1/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByLabel('Needs attention only').uncheck();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Onramp cannot be reached right now');
    await screenshot(page, 'console-unreachable');
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  });
});
