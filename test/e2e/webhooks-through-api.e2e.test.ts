import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEventListener, type EventListener } from '../../platform/event-listener.js';
import { threeKeys } from '../helpers/api-app.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks.js';

const { keys, apiKeys } = threeKeys('hooks');
const silent = { info: () => undefined, warn: () => undefined };

/**
 * The three halves together, as a tenant meets them: an endpoint made through the API, a
 * connection's state changes written to the outbox, the worker's listener and delivery workflow
 * POSTing them signed with the secret the API showed once.
 */
describe('webhooks end to end: API endpoint → outbox → delivery (real HTTP, Temporal, Postgres)', () => {
  let stack: TestStack;
  let listener: EventListener;
  let receiver: WebhookReceiver | undefined;
  let secret: string;
  let endpointId: string;

  beforeAll(async () => {
    stack = await startTestStack({ config: () => ({ apiKeys }) });
    listener = startEventListener({ databaseUrl: stack.databaseUrl, db: stack.db, client: stack.temporal.client, taskQueue: stack.config.taskQueue, logger: silent });
  });
  afterAll(async () => {
    await listener?.close();
    await receiver?.close();
    await stack?.close();
  });

  it('delivers a connection’s created and active events, signed with the secret the API showed', async () => {
    // The secret exists only once the endpoint does; the receiver checks against whatever it holds.
    const secrets: string[] = [];
    receiver = await startWebhookReceiver({ secrets });
    const created = await stack.api<{ id: string; secret: string }>(keys.acme, '/v1/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: receiver.url, events: ['connection.created', 'connection.active'] }),
    });
    expect(created.status).toBe(201);
    ({ id: endpointId, secret } = created.body);
    secrets.push(secret);

    const connection = await stack.api<{ id: string }>(keys.acme, '/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'demo', name: 'Hooked shop', config: { site: 'shop' }, credentials: { apiKey: 'sk_demo_hooked' } }),
    });
    expect(connection.status).toBe(201);

    const got = await waitFor('connection.created and connection.active at the receiver', async () =>
      receiver!.received.length >= 2 ? receiver!.received : undefined,
    );
    expect(got.map((r) => r.body.type)).toEqual(['connection.created', 'connection.active']);
    for (const webhook of got) {
      expect(webhook.verifiedBy).toEqual([secret]);
      expect(webhook.id).toBe(webhook.body.id);
      expect(webhook.body).toMatchObject({ tenantId: 'acme', data: { connection: { id: connection.body.id, name: 'Hooked shop' } } });
      expect(JSON.stringify(webhook.body)).not.toContain('sk_demo_hooked');
    }
    expect(receiver.rejected).toEqual([]);
  });

  it('sends a test ping on request and shows every delivery in the log', async () => {
    const ping = await stack.api<{ deliveryId?: string; id?: string }>(keys.acme, `/v1/webhooks/${endpointId}/test`, { method: 'POST' });
    expect(ping.status).toBe(202);
    await waitFor('the ping at the receiver', async () => receiver!.received.find((r) => r.body.type === 'ping'));
    const log = await waitFor('three delivered rows in the deliveries log', async () => {
      const page = await stack.api<{ items: { status: string }[] }>(keys.acme, `/v1/webhooks/${endpointId}/deliveries`);
      return page.body.items.length === 3 && page.body.items.every((d) => d.status === 'delivered') ? page.body.items : undefined;
    });
    expect(log).toHaveLength(3);
    // Another tenant sees neither the endpoint nor its log.
    expect((await stack.api(keys.globex, `/v1/webhooks/${endpointId}/deliveries`)).status).toBe(404);
  });
});
