import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../db/repositories/events.js';
import { committedEventsBound, takeNewEvents } from '../../db/repositories/webhook-delivery-queue.js';
import type { Database } from '../../db/schema.js';
import { createSecretBox } from '../../platform/crypto.js';
import { createTestDatabase } from '../helpers/database.js';
import { TEST_CREDENTIALS_KEY } from '../helpers/keys.js';
import { insertWebhookEndpoint, newWebhookSecret } from '../helpers/webhooks.js';

describe('taking outbox events into deliveries (real Postgres)', () => {
  let db: Kysely<Database>;
  beforeAll(async () => {
    ({ db } = await createTestDatabase());
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const take = async (endpointId: string) => {
    const { tenant_id } = await db.selectFrom('webhook_endpoints').select('tenant_id').where('id', '=', endpointId).executeTakeFirstOrThrow();
    const bound = await committedEventsBound(db, tenant_id);
    return db.transaction().execute(async (trx) => {
      const endpoint = await trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).executeTakeFirstOrThrow();
      return takeNewEvents(trx, endpoint, bound);
    });
  };
  const takenTypes = async (endpointId: string) =>
    (
      await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select('e.data')
        .where('d.endpoint_id', '=', endpointId)
        .orderBy('d.event_sequence')
        .execute()
    ).map((r) => r.data.n);

  it('skips no event whose transaction commits after a later-numbered one was taken', async () => {
    const endpointId = await insertWebhookEndpoint(db, createSecretBox(TEST_CREDENTIALS_KEY), {
      tenantId: 'racing',
      url: 'http://127.0.0.1:9/hooks',
      secret: newWebhookSecret(),
      eventTypes: ['sync.succeeded'],
    });
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstWritten!: () => void;
    const firstIsWritten = new Promise<void>((resolve) => (firstWritten = resolve));
    // The first event draws the lower sequence but its transaction commits last.
    const first = db.transaction().execute(async (trx) => {
      await recordEvent(trx, { type: 'sync.succeeded', tenantId: 'racing', connectionId: null, data: { n: 1 } });
      firstWritten();
      await firstMayCommit;
    });
    await firstIsWritten;
    await db.transaction().execute((trx) => recordEvent(trx, { type: 'sync.succeeded', tenantId: 'racing', connectionId: null, data: { n: 2 } }));

    let taken = false;
    const taking = take(endpointId).then((n) => ((taken = true), n));
    // The reader waits for the writer in flight instead of moving its cursor past sequence 1.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(taken).toBe(false);
    commitFirst();
    await first;
    expect(await taking).toBe(2);
    expect(await takenTypes(endpointId)).toEqual([1, 2]);
  });

  it('takes only subscribed types, written since the endpoint exists, never its own disabling', async () => {
    await recordEvent(db, { type: 'sync.failed', tenantId: 'picky', connectionId: null, data: { n: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const endpointId = await insertWebhookEndpoint(db, createSecretBox(TEST_CREDENTIALS_KEY), {
      tenantId: 'picky',
      url: 'http://127.0.0.1:9/hooks',
      secret: newWebhookSecret(),
      eventTypes: ['sync.failed', 'webhook_endpoint.disabled'],
    });
    await recordEvent(db, { type: 'sync.failed', tenantId: 'picky', connectionId: null, data: { n: 1 } });
    await recordEvent(db, { type: 'sync.succeeded', tenantId: 'picky', connectionId: null, data: { n: 2 } });
    await recordEvent(db, { type: 'webhook_endpoint.disabled', tenantId: 'picky', connectionId: null, data: { n: 3, endpoint: { id: endpointId } } });
    await recordEvent(db, { type: 'webhook_endpoint.disabled', tenantId: 'picky', connectionId: null, data: { n: 4, endpoint: { id: 'another' } } });
    await recordEvent(db, { type: 'sync.failed', tenantId: 'someone-else', connectionId: null, data: { n: 5 } });
    expect(await take(endpointId)).toBe(5);
    expect(await takenTypes(endpointId)).toEqual([1, 4]);
    expect(await take(endpointId)).toBe(0);
  });
});
