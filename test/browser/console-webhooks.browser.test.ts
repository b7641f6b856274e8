import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import type { WebhookEndpointView } from '../../api/webhook-schemas.js';
import { recordEvent } from '../../db/repositories/events.js';
import { insertWebhookDelivery } from '../../db/repositories/webhooks.js';
import { accessibilityProblems, screenshot } from '../helpers/browser.js';
import { keyIdOf, startConsoleTest, type ConsoleTest } from '../helpers/console.js';
import type { TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';

// Nothing listens there, and no worker runs in this file: deliveries stay as the test leaves them.
const ACME_URL = 'http://127.0.0.1:9/acme-hooks';
const ACME_SECOND_URL = 'http://127.0.0.1:9/acme-second';
const ACME_OFF_URL = 'http://127.0.0.1:9/acme-off';
const GLOBEX_URL = 'http://127.0.0.1:9/globex-hooks';

describe('support console: the deliveries of a connection\'s events (real Chromium, API, Temporal and Postgres)', () => {
  let test: ConsoleTest;
  let stack: TestStack;
  let keys: ConsoleTest['keys'];
  const ids = { shop: '', blog: '', blocked: '', waiting: '', delivered: '' };

  async function api<T>(key: string, path: string, init: RequestInit, status: number): Promise<T> {
    const answer = await stack.api<T>(key, path, init);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    return answer.body;
  }
  const addEndpoint = (key: string, url: string) =>
    api<WebhookEndpointView>(key, '/v1/webhooks', { method: 'POST', body: JSON.stringify({ url, events: ['connection.created', 'sync.failed'] }) }, 201);
  const createdEvent = (connectionId: string) =>
    stack.db.selectFrom('events').select(['id', 'sequence', 'connection_id']).where('connection_id', '=', connectionId).where('type', '=', 'connection.created').executeTakeFirstOrThrow();

  beforeAll(async () => {
    test = await startConsoleTest('hooks', { worker: false });
    ({ stack, keys } = test);
    const create = (name: string) => api<ConnectionView>(keys.acme, '/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', name, credentials: { apiKey: 'demo-123' } }) }, 201);
    ids.blog = (await create('Acme blog')).id;
    ids.shop = (await create('Acme shop')).id;
    const first = await addEndpoint(keys.acme, ACME_URL);
    const second = await addEndpoint(keys.acme, ACME_SECOND_URL);
    const off = await addEndpoint(keys.acme, ACME_OFF_URL);
    await api(keys.acme, `/v1/webhooks/${off.id}`, { method: 'PATCH', body: JSON.stringify({ enabled: false }) }, 200);
    await addEndpoint(keys.globex, GLOBEX_URL);

    // As the delivery workflow leaves them: the shop's first event heads its queue at the first
    // endpoint and keeps failing, so the shop's later event waits behind it (order is per
    // connection); the blog's event is not held by them; the shop's first event reached the second endpoint.
    const [blogEvent, shopEvent] = [await createdEvent(ids.blog), await createdEvent(ids.shop)];
    const blocked = await insertWebhookDelivery(stack.db, { id: first.id, tenant_id: 'acme' }, shopEvent);
    await stack.db
      .updateTable('webhook_deliveries')
      .set({ attempts: 3, last_status_code: 500, last_error: 'HTTP 500', last_attempt_at: new Date(), next_attempt_at: new Date(Date.now() + 30 * 60_000) })
      .where('id', '=', blocked.id)
      .execute();
    await insertWebhookDelivery(stack.db, { id: first.id, tenant_id: 'acme' }, blogEvent);
    const shopFailed = await stack.db.transaction().execute((trx) => recordEvent(trx, { type: 'sync.failed', tenantId: 'acme', connectionId: ids.shop, data: {} }));
    const waiting = await insertWebhookDelivery(stack.db, { id: first.id, tenant_id: 'acme' }, shopFailed);
    const delivered = await insertWebhookDelivery(stack.db, { id: second.id, tenant_id: 'acme' }, shopEvent);
    await stack.db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivered', attempts: 1, last_status_code: 204, last_attempt_at: new Date(), delivered_at: new Date() })
      .where('id', '=', delivered.id)
      .execute();
    Object.assign(ids, { blocked: blocked.id, waiting: waiting.id, delivered: delivered.id });
  });
  afterAll(async () => test?.close());

  it('lists only this connection\'s deliveries, says why a pending one waits, and redelivers only an ended one', async () => {
    const { context, page, seen } = await test.signedIn(`#/connections/${ids.shop}`);

    const section = page.getByRole('region', { name: 'Webhooks of tenant acme' });
    const table = section.getByRole('table', { name: 'Deliveries of this connection\'s events' });
    await table.waitFor();
    // The tenant's endpoints (not another tenant's, even for a support key).
    await expect(section.getByRole('heading', { level: 4 }).allTextContents()).resolves.toEqual(expect.arrayContaining([ACME_URL, ACME_SECOND_URL, ACME_OFF_URL]));
    await expect(section.getByText(GLOBEX_URL).count()).resolves.toBe(0);
    await expect(section.textContent()).resolves.toContain(`disabled: disabled by key ${keyIdOf(keys.acme)}`);

    // Three deliveries of the shop's events; the blog's (at the same endpoint) is not the shop's.
    const rows = table.getByRole('row');
    await expect(rows.count()).resolves.toBe(4);
    const cells = async (url: string, type = 'connection.created') => table.getByRole('row').filter({ hasText: url }).filter({ hasText: type }).first().locator('td').allTextContents();
    // A long reason is cut short in the table, its whole text one click away.
    const waitingRow = table.getByRole('row').filter({ hasText: ACME_URL }).filter({ hasText: 'sync.failed' });
    await expect(waitingRow.locator('td').nth(3).textContent()).resolves.toMatch(/… more$/);
    await waitingRow.getByRole('button', { name: 'more' }).click();
    const waiting = await cells(ACME_URL, 'sync.failed');
    expect(waiting.slice(0, 3)).toEqual([expect.stringMatching(/^sync\.failedcreated \S/), ACME_URL, 'pending0 attempts']);
    const shopEvent = await createdEvent(ids.shop);
    expect(waiting[3]).toContain(`Waiting behind connection.created (${shopEvent.id}) of this connection, pending since`);
    expect(waiting[3]).toContain('it failed 3 times (last: 500)');
    expect(waiting[3]).toMatch(/A connection's events reach an endpoint in order\. less$/);
    expect(waiting[4]).toBe('–');
    const retrying = await table.getByRole('row').filter({ hasText: ACME_URL }).filter({ hasNotText: 'sync.failed' }).locator('td').allTextContents();
    expect(retrying.slice(1, 3)).toEqual([ACME_URL, expect.stringMatching(/^pending3 attempts/)]);
    expect(retrying[3]).toMatch(/^Retrying: 3 failed attempts/);
    const delivered = await cells(ACME_SECOND_URL);
    expect(delivered.slice(1, 3)).toEqual([ACME_SECOND_URL, expect.stringMatching(/^delivered1 attempt, last answer 204delivered \S/)]);
    await screenshot(page, 'console-deliveries');
    expect(await accessibilityProblems(page)).toEqual([]);

    await table.getByRole('row').filter({ hasText: ACME_SECOND_URL }).getByRole('button', { name: 'Redeliver' }).click();
    // Nothing is sent before the confirmation, which has the focus (Enter confirms).
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain('same webhook-id');
    await page.waitForFunction("document.activeElement?.textContent === 'Confirm: Redeliver'");
    await page.keyboard.press('Enter');
    await expect(section.getByRole('status').filter({ hasText: 'Redeliver' }).textContent()).resolves.toBe('Redeliver: done. A new delivery of connection.created is pending.');
    await waitFor('the new pending delivery listed', async () => (await rows.count()) === 5 || undefined, 20_000);
    const again = (await table.getByRole('row').filter({ hasText: ACME_SECOND_URL }).first().locator('td').allTextContents());
    expect(again.slice(1, 4)).toEqual([ACME_SECOND_URL, 'pending0 attempts', 'Next in line: being sent now.']);
    // Pending rows offer no Redeliver: only the delivered one does.
    await expect(table.getByRole('button', { name: 'Redeliver' }).count()).resolves.toBe(1);

    const stored = await stack.db.selectFrom('webhook_deliveries').select(['connection_id', 'status', 'event_id']).where('connection_id', '=', ids.shop).orderBy('created_at').execute();
    expect(stored.map((d) => d.status)).toEqual(['pending', 'pending', 'delivered', 'pending']);
    expect(new Set(stored.map((d) => d.event_id)).size).toBe(2);
    const audited = await stack.db.selectFrom('audit_events').select(['actor_key_id', 'outcome']).where('action', '=', 'webhook.redeliver').execute();
    expect(audited).toEqual([{ actor_key_id: test.supportKeyId, outcome: 'ok' }]);
    await screenshot(page, 'console-webhooks');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});
