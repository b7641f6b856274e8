import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import type { OnrampWorker } from '../../wiring/compose.js';
import { createSecretBox } from '../../platform/crypto.js';
import { startEventListener, type EventListener } from '../../platform/event-listener.js';
import { recordEvent } from '../../db/repositories/events.js';
import { STANDARD_WEBHOOK_RETRY_POLICY } from '../../domain/webhook-retry.js';
import { webhookEndpointWorkflowId } from '../../workflows/definitions.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase } from '../helpers/database.js';
import { captureHistory } from '../helpers/histories.js';
import { connectTestTemporal, createTestWorker, waitFor } from '../helpers/temporal.js';
import { emitEvents, insertWebhookEndpoint, newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks.js';

/** Short retry steps so a test sees many attempts in seconds; the real schedule is unit-tested. */
const quickRetries = { ...STANDARD_WEBHOOK_RETRY_POLICY, retryDelaysMs: Array<number>(40).fill(300) };

describe('webhook delivery (real receivers, Temporal and Postgres)', () => {
  const config = testConfig();
  const box = createSecretBox(config.credentialsKey);
  let db: Kysely<Database>;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let worker: OnrampWorker;
  let running: Promise<void>;
  let listener: EventListener;
  const receivers: WebhookReceiver[] = [];
  let databaseUrl: string;
  const listenerOptions = () => ({ databaseUrl, db, client: temporal.client, taskQueue: config.taskQueue, logger: { info: () => undefined, warn: () => undefined } });

  beforeAll(async () => {
    const database = await createTestDatabase();
    db = database.db;
    temporal = await connectTestTemporal();
    worker = await createTestWorker({ db, client: temporal.client, connection: temporal.connection, config, webhookRetry: quickRetries });
    running = worker.run();
    databaseUrl = database.url;
    listener = startEventListener(listenerOptions());
  });
  afterAll(async () => {
    await listener?.close();
    worker?.shutdown();
    await running;
    await Promise.all(receivers.map((r) => r.close()));
    await temporal?.close();
    await db?.destroy();
  });

  const receiver = async (options: Parameters<typeof startWebhookReceiver>[0]) => {
    const started = await startWebhookReceiver(options);
    receivers.push(started);
    return started;
  };
  const deliveries = (endpointId: string) =>
    db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('event_sequence').execute();
  const endpointRow = (endpointId: string) => db.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
  const allDelivered = (endpointId: string, count: number) => async () => {
    const rows = await deliveries(endpointId);
    return rows.length === count && rows.every((r) => r.status === 'delivered') ? rows : undefined;
  };

  it('a receiver down for a while then up gets every event once, in order per connection, signed', async () => {
    // A port nobody listens on yet: connections are refused until the receiver comes up on it.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const secret = newWebhookSecret();
    const endpointId = await insertWebhookEndpoint(db, box, { tenantId: 'down-up', url: `http://127.0.0.1:${port}/hooks`, secret, eventTypes: ['sync.succeeded', 'sync.failed'] });
    const [a, b] = [randomUUID(), randomUUID()];
    const plan = Array.from({ length: 12 }, (_, n) => ({ type: n % 3 ? ('sync.succeeded' as const) : ('sync.failed' as const), connectionId: n % 2 ? a : b, n }));
    const eventIds = await emitEvents(db, 'down-up', plan);
    // Not subscribed, and another tenant's: never delivered here.
    await emitEvents(db, 'down-up', [{ type: 'connection.paused', connectionId: a }]);
    await emitEvents(db, 'someone-else', [{ type: 'sync.succeeded', connectionId: a }]);

    const failing = await waitFor('failed attempts while the receiver is down', async () => {
      const first = (await deliveries(endpointId))[0];
      return first && first.attempts >= 3 ? first : undefined;
    });
    expect(failing).toMatchObject({ status: 'pending', last_status_code: null });
    expect(failing.last_error).toMatch(/could not reach the endpoint .*check that the URL is right/);
    expect(failing.next_attempt_at).not.toBeNull();

    const up = await receiver({ secrets: [secret], port });
    const rows = await waitFor('every event delivered', allDelivered(endpointId, eventIds.length));
    expect(up.rejected).toEqual([]);
    // Order is promised per connection; the two connections' events travel side by side.
    expect(up.received.map((r) => r.id).sort()).toEqual([...eventIds].sort());
    expect(new Set(up.received.map((r) => r.id)).size).toBe(eventIds.length);
    for (const connection of [a, b]) {
      const sent = up.received.filter((r) => r.body.data.n !== null && plan[r.body.data.n as number]!.connectionId === connection).map((r) => r.body.data.n);
      expect(sent).toEqual(plan.filter((p) => p.connectionId === connection).map((p) => p.n));
    }
    expect(up.received.find((r) => plan[r.body.data.n as number]!.connectionId === b)!.body).toMatchObject({ id: eventIds[0], type: 'sync.failed', tenantId: 'down-up' });
    expect(rows[0]!.attempts).toBeGreaterThanOrEqual(4);
    expect((await endpointRow(endpointId)).failing_since).toBeNull();
  });

  it('a failing event holds back only its own connection\'s later events', async () => {
    const secret = newWebhookSecret();
    const [stuck, flowing] = [randomUUID(), randomUUID()];
    let release = false;
    const answered: { connection: string; n: unknown; status: number }[] = [];
    const picky = await receiver({
      secrets: [secret],
      answer: (r) => {
        const connection = (r.body.data.connection as { id: string }).id;
        const status = connection === stuck && !release ? 503 : 204;
        answered.push({ connection, n: r.body.data.n, status });
        return status;
      },
    });
    const endpointId = await insertWebhookEndpoint(db, box, { tenantId: 'lanes', url: picky.url, secret, eventTypes: ['sync.failed'] });
    const plan = Array.from({ length: 10 }, (_, n) => ({ type: 'sync.failed' as const, connectionId: n % 2 ? flowing : stuck, n }));
    // The receiver tells the connections apart by the body, as a real one would.
    await db.transaction().execute(async (trx) => {
      for (const p of plan) await recordEvent(trx, { type: p.type, tenantId: 'lanes', connectionId: p.connectionId, data: { n: p.n, connection: { id: p.connectionId } } });
    });

    // Every event of the flowing connection arrives while the stuck one's first event is retried.
    await waitFor('the flowing connection delivered', async () => answered.filter((a) => a.status === 204 && a.connection === flowing).length === 5 || undefined);
    const held = await deliveries(endpointId);
    const stuckRows = held.filter((d) => d.connection_id === stuck);
    expect(stuckRows.map((d) => d.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    expect(stuckRows[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(stuckRows.slice(1).every((d) => d.attempts === 0)).toBe(true);
    // Nothing of the stuck connection was sent past its first event.
    expect(new Set(answered.filter((a) => a.connection === stuck).map((a) => a.n))).toEqual(new Set([0]));
    expect(picky.rejected).toEqual([]);

    release = true;
    await waitFor('every event delivered', allDelivered(endpointId, plan.length));
    const stuckOrder = answered.filter((a) => a.status === 204 && a.connection === stuck).map((a) => a.n);
    expect(stuckOrder).toEqual([0, 2, 4, 6, 8]);
  });

  it('500s then 200: every attempt is counted on the delivery, the last answer kept', async () => {
    const secret = newWebhookSecret();
    const flaky = await receiver({ secrets: [secret], answer: (_r, index) => (index < 3 ? 500 : 200) });
    const endpointId = await insertWebhookEndpoint(db, box, { tenantId: 'flaky', url: flaky.url, secret, eventTypes: ['connection.error'] });
    const [eventId] = await emitEvents(db, 'flaky', [{ type: 'connection.error', connectionId: randomUUID() }]);
    const [row] = await waitFor('the delivery to succeed', allDelivered(endpointId, 1));
    expect(row).toMatchObject({ attempts: 4, last_status_code: 200, last_error: null, last_response_excerpt: 'answered 200', next_attempt_at: null });
    expect(row!.delivered_at).not.toBeNull();
    expect(flaky.received.map((r) => r.id)).toEqual([eventId, eventId, eventId, eventId]);
    await captureHistory(temporal.client, 'webhook-endpoint-retried-delivered', webhookEndpointWorkflowId(endpointId));
  });

  it('410 Gone disables the endpoint, fails what it had pending, is audited and reported to the other endpoints', async () => {
    const [goneSecret, otherSecret] = [newWebhookSecret(), newWebhookSecret()];
    const gone = await receiver({ secrets: [goneSecret], answer: () => 410 });
    const other = await receiver({ secrets: [otherSecret] });
    const goneId = await insertWebhookEndpoint(db, box, { tenantId: 'gone', url: gone.url, secret: goneSecret, eventTypes: ['sync.failed', 'webhook_endpoint.disabled'] });
    await insertWebhookEndpoint(db, box, { tenantId: 'gone', url: other.url, secret: otherSecret, eventTypes: ['webhook_endpoint.disabled'] });
    await emitEvents(db, 'gone', [{ type: 'sync.failed', connectionId: null }, { type: 'sync.failed', connectionId: null }]);

    const report = await waitFor('the other endpoint to hear of it', async () => other.received.find((r) => r.body.type === 'webhook_endpoint.disabled'));
    expect(report.body.data).toMatchObject({ endpoint: { id: goneId, url: gone.url }, reason: 'the receiver answered 410 Gone' });
    expect(await endpointRow(goneId)).toMatchObject({ enabled: false, disabled_reason: 'the receiver answered 410 Gone' });
    expect((await deliveries(goneId)).map((d) => [d.status, d.attempts, d.last_status_code])).toEqual([
      ['failed', 1, 410],
      ['failed', 0, null],
    ]);
    expect(gone.received).toHaveLength(1);
    const audit = await db.selectFrom('audit_events').selectAll().where('tenant_id', '=', 'gone').execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'webhook_endpoint.disable', actor_key_id: 'operator', actor_role: 'system', outcome: 'ok' })]);
    const handle = temporal.client.workflow.getHandle(webhookEndpointWorkflowId(goneId));
    expect(await handle.result()).toBe('disabled');
    await captureHistory(temporal.client, 'webhook-endpoint-gone-disabled', webhookEndpointWorkflowId(goneId));
  });

  it('an endpoint failing for 5 days is disabled at its next failure', async () => {
    const secret = newWebhookSecret();
    const down = await receiver({ secrets: [secret], answer: () => 503 });
    const endpointId = await insertWebhookEndpoint(db, box, { tenantId: 'five-days', url: down.url, secret, eventTypes: ['sync.failed'] });
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000);
    await db.updateTable('webhook_endpoints').set({ failing_since: sixDaysAgo }).where('id', '=', endpointId).execute();
    await emitEvents(db, 'five-days', [{ type: 'sync.failed', connectionId: null }]);
    const row = await waitFor('the endpoint to be disabled', async () => {
      const endpoint = await endpointRow(endpointId);
      return endpoint.enabled ? undefined : endpoint;
    });
    expect(row.disabled_reason).toBe(`every attempt failed since ${sixDaysAgo.toISOString()}`);
    expect(down.received).toHaveLength(1);
  });

  it('after a rotation both secrets sign until the previous one expires', async () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const onlyNew = await receiver({ secrets: [current] });
    const onlyOld = await receiver({ secrets: [previous] });
    const overlap = { secret: previous, expiresAt: new Date(Date.now() + 86_400_000) };
    await insertWebhookEndpoint(db, box, { tenantId: 'rotated', url: onlyNew.url, secret: current, eventTypes: ['ping'], previousSecret: overlap });
    await insertWebhookEndpoint(db, box, { tenantId: 'rotated', url: onlyOld.url, secret: current, eventTypes: ['ping'], previousSecret: overlap });
    const expired = await receiver({ secrets: [current, previous] });
    await insertWebhookEndpoint(db, box, {
      tenantId: 'rotated',
      url: expired.url,
      secret: current,
      eventTypes: ['ping'],
      previousSecret: { secret: previous, expiresAt: new Date(Date.now() - 1000) },
    });
    const [eventId] = await emitEvents(db, 'rotated', [{ type: 'ping', connectionId: null }]);
    await waitFor('all three receivers', async () => onlyNew.received.length && onlyOld.received.length && expired.received.length);
    expect(onlyNew.received[0]).toMatchObject({ id: eventId, verifiedBy: [current] });
    expect(onlyOld.received[0]).toMatchObject({ id: eventId, verifiedBy: [previous] });
    expect(onlyNew.received[0]!.signature.split(' ')).toHaveLength(2);
    expect(expired.received[0]).toMatchObject({ verifiedBy: [current] });
    expect(expired.received[0]!.signature.split(' ')).toHaveLength(1);
    expect([onlyOld, onlyNew, expired].flatMap((r) => r.rejected)).toEqual([]);
  });

  it('a receiver that holds requests delays no other endpoint', async () => {
    const [slowSecret, fastSecret] = [newWebhookSecret(), newWebhookSecret()];
    let release!: () => void;
    const held = new Promise<number>((resolve) => (release = () => resolve(200)));
    const slow = await receiver({ secrets: [slowSecret], answer: () => held });
    const fast = await receiver({ secrets: [fastSecret] });
    const slowId = await insertWebhookEndpoint(db, box, { tenantId: 'neighbours', url: slow.url, secret: slowSecret, eventTypes: ['sync.empty'] });
    await insertWebhookEndpoint(db, box, { tenantId: 'neighbours', url: fast.url, secret: fastSecret, eventTypes: ['sync.empty'] });
    const eventIds = await emitEvents(db, 'neighbours', [1, 2, 3].map((n) => ({ type: 'sync.empty' as const, connectionId: null, n })));
    await waitFor('the slow receiver to hold the first event', async () => slow.received.length === 1);
    await waitFor('the fast receiver to get all three', async () => fast.received.length === 3);
    expect(fast.received.map((r) => r.id)).toEqual(eventIds);
    // Still holding: the slow endpoint's own later events wait behind its first.
    expect(slow.received).toHaveLength(1);
    expect((await deliveries(slowId)).every((d) => d.status === 'pending')).toBe(true);
    release();
  });

  it('a burst of events wakes an endpoint a few times, not once per event', async () => {
    const secret = newWebhookSecret();
    const sink = await receiver({ secrets: [secret] });
    const endpointId = await insertWebhookEndpoint(db, box, { tenantId: 'burst', url: sink.url, secret, eventTypes: ['sync.succeeded'] });
    const burst = 300;
    await Promise.all(
      Array.from({ length: 10 }, (_, worker) =>
        emitEvents(db, 'burst', Array.from({ length: burst / 10 }, (_, n) => ({ type: 'sync.succeeded' as const, connectionId: null, n: worker * 1000 + n }))),
      ),
    );
    await waitFor('the burst delivered', allDelivered(endpointId, burst));
    expect(new Set(sink.received.map((r) => r.id)).size).toBe(burst);
    const history = await temporal.client.workflow.getHandle(webhookEndpointWorkflowId(endpointId)).fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
    expect(signals).toBeLessThan(burst / 3);
  });

  it('events written while no listener ran are delivered once one starts', async () => {
    await listener.close();
    const secret = newWebhookSecret();
    const late = await receiver({ secrets: [secret] });
    const endpointId = await insertWebhookEndpoint(db, box, { tenantId: 'unheard', url: late.url, secret, eventTypes: ['connection.active'] });
    const [eventId] = await emitEvents(db, 'unheard', [{ type: 'connection.active', connectionId: null }]);
    expect(await deliveries(endpointId)).toEqual([]);
    listener = startEventListener({
      ...listenerOptions(),
    });
    await waitFor('the event delivered', async () => late.received.find((r) => r.id === eventId));
  });
});
