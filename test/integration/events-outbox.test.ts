import pg from 'pg';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_CHANNEL, eventEnvelope, listEventsAfter, recordEvent } from '../../db/repositories/events.js';
import type { Database } from '../../db/schema.js';
import { createTestDatabase } from '../helpers/database.js';
import { waitFor } from '../helpers/temporal.js';

describe('events outbox (real Postgres)', () => {
  let db: Kysely<Database>;
  let listener: pg.Client;
  const notified: string[] = [];

  beforeAll(async () => {
    const created = await createTestDatabase();
    db = created.db;
    listener = new pg.Client({ connectionString: created.url });
    await listener.connect();
    listener.on('notification', (message) => notified.push(message.payload ?? ''));
    await listener.query(`listen ${EVENTS_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await db?.destroy();
  });

  it('a rolled-back transaction leaves neither the event nor a notification', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await recordEvent(trx, { type: 'connection.created', tenantId: 'rolled-back', connectionId: null, data: {} });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    // A committed event afterwards proves the listener works; the rolled-back one never arrives.
    await db.transaction().execute((trx) => recordEvent(trx, { type: 'ping', tenantId: 'committed', connectionId: null, data: {} }));
    await waitFor('the committed event to be notified', async () => notified.includes('committed'));
    expect(notified).not.toContain('rolled-back');
    expect(await listEventsAfter(db, { tenantId: 'rolled-back', afterSequence: '0', limit: 10 })).toEqual([]);
  });

  it('answers a tenant its events in commit order with evt_ ids, as the wire envelope', async () => {
    for (const type of ['connection.created', 'connection.active', 'sync.succeeded'] as const) {
      await recordEvent(db, { type, tenantId: 'ordered', connectionId: null, data: { n: type } });
    }
    await recordEvent(db, { type: 'ping', tenantId: 'someone-else', connectionId: null, data: {} });
    const rows = await listEventsAfter(db, { tenantId: 'ordered', afterSequence: '0', limit: 10 });
    expect(rows.map((row) => row.type)).toEqual(['connection.created', 'connection.active', 'sync.succeeded']);
    const [first, ...rest] = rows;
    expect(await listEventsAfter(db, { tenantId: 'ordered', afterSequence: first!.sequence, limit: 10 })).toEqual(rest);
    expect(eventEnvelope(first!)).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      type: 'connection.created',
      createdAt: first!.created_at.toISOString(),
      tenantId: 'ordered',
      data: { n: 'connection.created' },
    });
  });
});
