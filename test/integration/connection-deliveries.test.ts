import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionDeliveryApiView, WebhookEndpointView } from '../../api/webhook-schemas.js';
import { recordEvent } from '../../db/repositories/events.js';
import { insertWebhookDelivery } from '../../db/repositories/webhooks.js';
import { startTestApi, threeKeys } from '../helpers/api-app.js';

const { keys, apiKeys } = threeKeys('deliveries');
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

/** GET /v1/connections/:id/deliveries: one connection's deliveries, and why a pending one waits. */
describe('deliveries of a connection (real Postgres)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: FastifyInstance;
  const ids = { shop: '', blog: '' };
  let endpoint: WebhookEndpointView;

  const createdEvent = (connectionId: string) =>
    api.db.selectFrom('events').select(['id', 'sequence', 'connection_id']).where('connection_id', '=', connectionId).where('type', '=', 'connection.created').executeTakeFirstOrThrow();
  const deliveriesOf = async (id: string, key = keys.support) => {
    const res = await app.inject({ method: 'GET', url: `/v1/connections/${id}/deliveries`, headers: auth(key) });
    return { status: res.statusCode, items: (res.json() as { items: ConnectionDeliveryApiView[] }).items };
  };

  beforeAll(async () => {
    api = await startTestApi({ apiKeys });
    app = api.app;
    const create = async (name: string) =>
      (await app.inject({ method: 'POST', url: '/v1/connections', headers: auth(keys.acme), payload: { integration: 'demo', name, credentials: { apiKey: 'demo-123' } } })).json().id as string;
    ids.blog = await create('Acme blog');
    ids.shop = await create('Acme shop');
    endpoint = (await app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(keys.acme), payload: { url: 'http://127.0.0.1:9/hook', events: ['connection.created'] } })).json();
  });
  afterAll(async () => api?.close());

  it('lists only the connection\'s own deliveries, with their created time and why a pending one waits (behind its own connection only)', async () => {
    const failing = { attempts: 2, last_status_code: 503, next_attempt_at: new Date(Date.now() + 3_600_000) };
    const target = { id: endpoint.id, tenant_id: endpoint.tenantId };
    // The blog's event keeps failing at the endpoint: it holds the blog's later events, not the shop's.
    const blog = await insertWebhookDelivery(api.db, target, await createdEvent(ids.blog));
    await api.db.updateTable('webhook_deliveries').set(failing).where('id', '=', blog.id).execute();
    const shopEvent = await createdEvent(ids.shop);
    const shop = await insertWebhookDelivery(api.db, target, shopEvent);

    const { status, items } = await deliveriesOf(ids.shop);
    expect(status).toBe(200);
    expect(items.map((d) => d.id)).toEqual([shop.id]);
    expect(items[0]).toMatchObject({
      eventId: shopEvent.id,
      eventType: 'connection.created',
      endpointUrl: 'http://127.0.0.1:9/hook',
      status: 'pending',
      createdAt: shop.created_at.toISOString(),
      waitingBehind: null,
      pendingReason: 'Next in line: being sent now.',
    });

    // A later event of the blog waits behind the blog's failing one.
    const later = await api.db.transaction().execute((trx) => recordEvent(trx, { type: 'sync.failed', tenantId: endpoint.tenantId, connectionId: ids.blog, data: {} }));
    const laterDelivery = await insertWebhookDelivery(api.db, target, later);
    const [waiting, head] = (await deliveriesOf(ids.blog)).items;
    expect(waiting).toMatchObject({
      id: laterDelivery.id,
      waitingBehind: { deliveryId: blog.id, eventType: 'connection.created', connectionId: ids.blog, attempts: 2, lastStatusCode: 503, nextAttemptAt: failing.next_attempt_at.toISOString() },
    });
    expect(waiting!.pendingReason).toMatch(/^Waiting behind connection\.created evt_\S+ of this connection, pending since .*, 2 failed attempts so far \(last: 503\)/);
    // The head itself is being retried; once it is delivered the next one is next in line.
    expect(head).toMatchObject({ id: blog.id, waitingBehind: null, pendingReason: expect.stringMatching(/^Retrying: 2 failed attempts \(last: 503\), next attempt /) });
    await api.db.updateTable('webhook_deliveries').set({ status: 'delivered', delivered_at: new Date(), next_attempt_at: null }).where('id', '=', blog.id).execute();
    const [next, done] = (await deliveriesOf(ids.blog)).items;
    expect(next).toMatchObject({ id: laterDelivery.id, waitingBehind: null, pendingReason: 'Next in line: being sent now.' });
    expect(done).toMatchObject({ status: 'delivered', pendingReason: null });
  });

  it('is the tenant\'s own: another tenant\'s key gets a 404', async () => {
    expect((await deliveriesOf(ids.shop, keys.globex)).status).toBe(404);
    expect((await deliveriesOf(ids.shop, keys.acme)).status).toBe(200);
  });
});
