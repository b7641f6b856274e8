import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { screenshot, watchPage } from '../helpers/browser.js';
import { startConsoleTest, type ConsoleTest } from '../helpers/console.js';
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
  const ids = { active: '', failed: '', markup: '' };

  const api = <T = ConnectionView>(key: string, path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const connection = async (id: string) => (await api(keys.acme, `/v1/connections/${id}`)).body;
  async function create(key: string, body: Record<string, unknown>, until: (c: ConnectionView) => boolean): Promise<string> {
    const created = await api(key, '/v1/connections', { method: 'POST', body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    await waitFor(`connection ${body.name as string} settled`, async () => {
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
    expect(unexpected(seen.errors)).toEqual([]);
    await context.close();
  });

  it('signs in with a support key into an HttpOnly, SameSite=Strict cookie; the page keeps no key', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(`${stack.baseUrl}/console`);
    await screenshot(page, 'console-sign-in');
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

    await page.goto(`${stack.baseUrl}/console#/connections/${ids.markup}`);
    await expect(page.getByRole('note', { name: 'Last error' }).textContent()).resolves.toContain(MARKUP_MESSAGE);
    await page.goto(`${stack.baseUrl}/console#/connections/${ids.failed}`);
    await expect(page.getByRole('heading', { level: 2 }).textContent()).resolves.toBe(XSS_NAME);
    await screenshot(page, 'console-connection-failed');
    // Nothing of the markup became an element, and nothing ran.
    expect(await page.locator('main img, main script, main b, main em').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
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
    await expect(page.getByRole('table', { name: 'Audit trail' }).textContent()).resolves.toContain('create');
    await expect(page.getByRole('link', { name: 'Onboarding workflow' }).getAttribute('href')).resolves.toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/onboarding:${ids.active}`,
    );
    await expect(page.getByRole('link', { name: 'Sync schedule' }).getAttribute('href')).resolves.toBe(`http://127.0.0.1:8233/namespaces/default/schedules/sync:${ids.active}`);
    await expect(page.locator('.steps li').allTextContents()).resolves.toEqual(['connect — done', 'configure — done', 'test — done', 'activate — done', 'done — done']);
    await screenshot(page, 'console-connection');
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
    await context.close();
  });
});
