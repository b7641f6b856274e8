import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, Agent } from 'undici';
import { recordEvent } from '../../db/repositories/events.js';
import { createSecretBox } from '../../platform/crypto.js';
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

/**
 * A burst of `events` sync.succeeded events (each in its own transaction, 10 writers, as 10,000
 * sync runs finishing would write them) to one endpoint whose receiver answers at once: events/s
 * from the first write to the last delivery, beside a bare loop POSTing the same number of bodies
 * one after the other (delivery to one endpoint is in order) over keep-alive to the same receiver.
 */
export async function measureWebhooks(stack: BenchStack, events: number): Promise<Pair[]> {
  const receiver = await startFastReceiver();
  try {
    const body = JSON.stringify({ id: 'evt_0', type: 'sync.succeeded', createdAt: new Date().toISOString(), tenantId: 'bench', data: { connection: { id: randomUUID() } } });
    const agent = new Agent();
    const floor = await timed(async () => {
      for (let i = 0; i < events; i++) {
        const res = await request(receiver.url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body });
        await res.body.dump();
      }
    });
    await agent.close();

    const tenantId = `bench-webhooks-${randomBytes(3).toString('hex')}`;
    const box = createSecretBox(stack.config.credentialsKey);
    await stack.db
      .insertInto('webhook_endpoints')
      .values({ id: randomUUID(), tenant_id: tenantId, url: receiver.url, description: 'bench', event_types: ['sync.succeeded'], secret_encrypted: box.seal(`whsec_${randomBytes(24).toString('base64')}`), previous_secret_encrypted: null, previous_secret_expires_at: null, failing_since: null })
      .execute();
    const before = receiver.count();
    const connectionId = randomUUID();
    let writtenMs = 0;
    const onramp = await timed(async () => {
      const written = await timed(() =>
        inParallel(events, 10, (n) =>
          stack.db.transaction().execute(async (trx) => {
            await recordEvent(trx, { type: 'sync.succeeded', tenantId, connectionId, data: { n } });
          }),
        ),
      );
      writtenMs = written.ms;
      while (receiver.count() - before < events) await sleep(50);
    });
    console.log(`webhooks: ${events} events written in ${Math.round(writtenMs)} ms, ${receiver.count() - before} delivered in ${Math.round(onramp.ms)} ms`);
    return [
      pair(`webhooks: a burst of ${events} events to one fast receiver, written to delivered, vs a bare POST loop`, 'events/s', 'higher', events / (onramp.ms / 1000), events / (floor.ms / 1000)),
    ];
  } finally {
    await receiver.close();
  }
}
