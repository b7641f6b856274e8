import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, Agent } from 'undici';
import { recordEvent } from '../../db/repositories/events.js';
import { createSecretBox } from '../../platform/crypto.js';
import { wakeWebhookEndpoint } from '../../platform/webhook-wake.js';
import { inParallel, pair, sleep, timed, type Pair } from '../pair.js';
import type { BenchStack } from '../stack.js';

/** A receiver that answers 204 at once: what is measured is the sender, not the receiver. */
async function startFastReceiver() {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    count: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const bodyOf = () => JSON.stringify({ id: 'evt_0', type: 'sync.succeeded', createdAt: new Date().toISOString(), tenantId: 'bench', data: { connection: { id: randomUUID() } } });

/** `loops` bare loops side by side, each POSTing `each` bodies one after the other over keep-alive. */
async function bareLoops(url: string, loops: number, each: number) {
  const body = bodyOf();
  const agent = new Agent();
  try {
    return await timed(() =>
      Promise.all(
        Array.from({ length: loops }, async () => {
          for (let i = 0; i < each; i++) {
            const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body });
            await res.body.dump();
          }
        }),
      ),
    );
  } finally {
    await agent.close();
  }
}

async function addEndpoint(stack: BenchStack, tenantId: string, url: string, enabled = true): Promise<string> {
  const box = createSecretBox(stack.config.credentialsKey);
  const id = randomUUID();
  await stack.db
    .insertInto('webhook_endpoints')
    .values({ id, tenant_id: tenantId, url, description: 'bench', event_types: ['sync.succeeded'], secret_encrypted: box.seal(`whsec_${randomBytes(24).toString('base64')}`), previous_secret_encrypted: null, previous_secret_expires_at: null, failing_since: null, enabled })
    .execute();
  return id;
}

/** `count` sync.succeeded events, each in its own transaction, 10 writers (as that many finishing syncs write them). */
const writeEvents = (stack: BenchStack, count: number, eventOf: (n: number) => { tenantId: string; connectionId: string }) =>
  timed(() =>
    inParallel(count, 10, (n) =>
      stack.db.transaction().execute(async (trx) => {
        await recordEvent(trx, { type: 'sync.succeeded', ...eventOf(n), data: { n } });
      }),
    ),
  );

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}

/**
 * Webhook delivery beside bare POST loops to the same local receiver that answers at once:
 * - a burst of `events` events of one connection to one endpoint (in order: one after the
 *   other), from the first write to the last delivery, and again from a full outbox (delivery only);
 * - 100 endpoints × `events / 100` events (10 connections each), written to delivered, beside 100 bare loops side by side.
 */
export async function measureWebhooks(stack: BenchStack, events: number): Promise<Pair[]> {
  const receiver = await startFastReceiver();
  const run = randomBytes(3).toString('hex');
  try {
    const floor = await bareLoops(receiver.url, 1, events);

    // Written to delivered: the events are written while the endpoint delivers them.
    const tenantId = `bench-webhooks-${run}`;
    await addEndpoint(stack, tenantId, receiver.url);
    let before = receiver.count();
    const connectionId = randomUUID();
    let writtenMs = 0;
    const onramp = await timed(async () => {
      writtenMs = (await writeEvents(stack, events, () => ({ tenantId, connectionId }))).ms;
      await until(() => receiver.count() - before >= events);
    });
    console.log(`webhooks: ${events} events written in ${Math.round(writtenMs)} ms, ${receiver.count() - before} delivered in ${Math.round(onramp.ms)} ms`);

    // Delivery only: the outbox is full before the endpoint is enabled and woken.
    const fullTenant = `bench-webhooks-full-${run}`;
    const fullEndpoint = await addEndpoint(stack, fullTenant, receiver.url, false);
    const fullConnection = randomUUID();
    await writeEvents(stack, events, () => ({ tenantId: fullTenant, connectionId: fullConnection }));
    before = receiver.count();
    const deliveryOnly = await timed(async () => {
      await stack.db.updateTable('webhook_endpoints').set({ enabled: true }).where('id', '=', fullEndpoint).execute();
      await wakeWebhookEndpoint(stack.client, stack.config.taskQueue, fullEndpoint);
      await until(() => receiver.count() - before >= events);
    });

    // 100 endpoints, each its tenant's, 10 connections each.
    const endpoints = 100;
    const each = Math.max(1, Math.floor(events / endpoints));
    const manyFloor = await bareLoops(receiver.url, endpoints, each);
    const tenants = Array.from({ length: endpoints }, (_, i) => `bench-webhooks-many-${run}-${i}`);
    await Promise.all(tenants.map((t) => addEndpoint(stack, t, receiver.url)));
    const connections = Array.from({ length: endpoints * 10 }, () => randomUUID());
    before = receiver.count();
    const many = await timed(async () => {
      await writeEvents(stack, endpoints * each, (n) => ({ tenantId: tenants[n % endpoints]!, connectionId: connections[n % connections.length]! }));
      await until(() => receiver.count() - before >= endpoints * each);
    });

    return [
      pair(`webhooks: a burst of ${events} events to one fast receiver, written to delivered, vs a bare POST loop`, 'events/s', 'higher', events / (onramp.ms / 1000), events / (floor.ms / 1000)),
      pair(`webhooks: ${events} events already in the outbox (one connection, in order), delivery only, vs a bare POST loop`, 'events/s', 'higher', events / (deliveryOnly.ms / 1000), events / (floor.ms / 1000)),
      pair(`webhooks: ${endpoints} endpoints × ${each} events, written to delivered, vs ${endpoints} bare POST loops side by side`, 'events/s', 'higher', (endpoints * each) / (many.ms / 1000), (endpoints * each) / (manyFloor.ms / 1000)),
    ];
  } finally {
    await receiver.close();
  }
}
