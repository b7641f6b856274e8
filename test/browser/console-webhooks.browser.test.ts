import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import type { WebhookDeliveryApiView, WebhookEndpointView } from '../../api/webhook-schemas.js';
import { screenshot } from '../helpers/browser.js';
import { keyIdOf, startConsoleTest, type ConsoleTest } from '../helpers/console.js';
import type { TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';

// Nothing listens there, and no worker runs in this file: deliveries stay pending.
const ACME_URL = 'http://127.0.0.1:9/acme-hooks';
const ACME_OFF_URL = 'http://127.0.0.1:9/acme-off';
const GLOBEX_URL = 'http://127.0.0.1:9/globex-hooks';

describe('support console: webhooks of the connection\'s tenant (real Chromium, API, Temporal and Postgres)', () => {
  let test: ConsoleTest;
  let stack: TestStack;
  let keys: ConsoleTest['keys'];
  let connectionId = '';
  let endpointId = '';

  async function api<T>(key: string, path: string, init: RequestInit, status: number): Promise<T> {
    const answer = await stack.api<T>(key, path, init);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    return answer.body;
  }
  const addEndpoint = (key: string, url: string) =>
    api<WebhookEndpointView>(key, '/v1/webhooks', { method: 'POST', body: JSON.stringify({ url, events: ['connection.active', 'sync.failed'] }) }, 201);

  beforeAll(async () => {
    test = await startConsoleTest('hooks', { worker: false });
    ({ stack, keys } = test);
    const created = await api<ConnectionView>(keys.acme, '/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', name: 'Acme shop', credentials: { apiKey: 'demo-123' } }) }, 201);
    connectionId = created.id;
    endpointId = (await addEndpoint(keys.acme, ACME_URL)).id;
    await api(keys.acme, `/v1/webhooks/${endpointId}/test`, { method: 'POST' }, 202);
    const off = await addEndpoint(keys.acme, ACME_OFF_URL);
    await api(keys.acme, `/v1/webhooks/${off.id}`, { method: 'PATCH', body: JSON.stringify({ enabled: false }) }, 200);
    await addEndpoint(keys.globex, GLOBEX_URL);
  });
  afterAll(async () => test?.close());

  it('shows the tenant\'s endpoints and deliveries, and redelivers one after a confirmation', async () => {
    const { context, page, seen } = await test.signedIn(`#/connections/${connectionId}`);

    const section = page.getByRole('region', { name: 'Webhooks of tenant acme' });
    const deliveries = section.getByRole('table', { name: ACME_URL });
    await deliveries.waitFor();
    // Only this tenant's endpoints: the other tenant's stays out even for a support key.
    await expect(section.getByRole('heading', { level: 4 }).allTextContents()).resolves.toEqual(expect.arrayContaining([ACME_URL, ACME_OFF_URL]));
    await expect(section.getByText(GLOBEX_URL).count()).resolves.toBe(0);
    await expect(section.textContent()).resolves.toContain('connection.active, sync.failed');
    await expect(section.textContent()).resolves.toContain(`disabled: disabled by key ${keyIdOf(keys.acme)}`);
    const rows = deliveries.getByRole('row');
    await expect(rows.allTextContents()).resolves.toHaveLength(2);
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual(['ping', 'pending', '0', '–', '–', expect.any(String), '–', 'Redeliver']);

    await rows.nth(1).getByRole('button', { name: 'Redeliver' }).click();
    // Nothing is sent before the confirmation, which has the focus (Enter confirms).
    await expect(page.getByRole('alertdialog').textContent()).resolves.toContain('same webhook-id');
    await page.waitForFunction("document.activeElement?.textContent === 'Confirm: Redeliver'");
    await page.keyboard.press('Enter');
    await expect(section.getByRole('status').filter({ hasText: 'Redeliver' }).textContent()).resolves.toBe('Redeliver: done. A new delivery of ping is pending.');
    await waitFor('the new pending delivery listed', async () => (await rows.count()) === 3 || undefined, 20_000);
    expect((await rows.allTextContents()).slice(1).map((r) => r.slice(0, 'pingpending'.length))).toEqual(['pingpending', 'pingpending']);

    const stored = await api<{ items: WebhookDeliveryApiView[] }>(keys.acme, `/v1/webhooks/${endpointId}/deliveries`, {}, 200);
    expect(stored.items.map((d) => [d.eventType, d.status])).toEqual([['ping', 'pending'], ['ping', 'pending']]);
    expect(new Set(stored.items.map((d) => d.eventId)).size).toBe(1);
    const audited = await stack.db.selectFrom('audit_events').select(['actor_key_id', 'outcome']).where('action', '=', 'webhook.redeliver').execute();
    expect(audited).toEqual([{ actor_key_id: test.supportKeyId, outcome: 'ok' }]);
    await screenshot(page, 'console-webhooks');
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});
