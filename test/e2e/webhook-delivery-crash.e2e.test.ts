import type { ChildProcess } from 'node:child_process';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import type { OnrampWorker } from '../../wiring/compose.js';
import { createSecretBox } from '../../platform/crypto.js';
import { wakeWebhookEndpoint } from '../../platform/webhook-wake.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase } from '../helpers/database.js';
import { spawnWorkerProcess } from '../helpers/spawn-worker.js';
import { connectTestTemporal, createTestWorker, waitFor } from '../helpers/temporal.js';
import { emitEvents, insertWebhookEndpoint, newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhooks.js';

describe('a worker killed in the middle of a webhook delivery', () => {
  const config = testConfig();
  let db: Kysely<Database>;
  let databaseUrl: string;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let child: ChildProcess | undefined;
  let worker: OnrampWorker | undefined;
  let running: Promise<void> | undefined;
  let receiver: WebhookReceiver | undefined;

  beforeAll(async () => {
    ({ db, url: databaseUrl } = await createTestDatabase());
    temporal = await connectTestTemporal();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    worker?.shutdown();
    await running;
    await receiver?.close();
    await temporal?.close();
    await db?.destroy();
  });

  it('sends the event in flight at most once more, with the same webhook-id, then the rest', async () => {
    const secret = newWebhookSecret();
    // The first request is held (the worker dies while it waits); every later one is answered.
    receiver = await startWebhookReceiver({ secrets: [secret], answer: (_r, index) => (index === 0 ? new Promise<number>(() => undefined) : 200) });
    const endpointId = await insertWebhookEndpoint(db, createSecretBox(config.credentialsKey), {
      tenantId: 'crash',
      url: receiver.url,
      secret,
      eventTypes: ['connection.recovered'],
    });
    const eventIds = await emitEvents(db, 'crash', [1, 2].map((n) => ({ type: 'connection.recovered' as const, connectionId: null, n })));

    child = await spawnWorkerProcess({ databaseUrl, taskQueue: config.taskQueue, credentialsKey: config.credentialsKey });
    await wakeWebhookEndpoint(temporal.client, config.taskQueue, endpointId);
    await waitFor('the first event in flight', async () => receiver!.received.length === 1);
    child.kill('SIGKILL');

    worker = await createTestWorker({ db, client: temporal.client, connection: temporal.connection, config });
    running = worker.run();
    const rows = await waitFor('both events delivered', async () => {
      const all = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).orderBy('event_sequence').execute();
      return all.length === 2 && all.every((r) => r.status === 'delivered') ? all : undefined;
    });
    expect(receiver.received.map((r) => r.id)).toEqual([eventIds[0], eventIds[0], eventIds[1]]);
    expect(receiver.rejected).toEqual([]);
    // The attempt the dead worker made never got an answer to record.
    expect(rows.map((r) => r.attempts)).toEqual([1, 1]);
  }, 180_000);
});
