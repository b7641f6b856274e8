import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { EventRow, EventType } from '../tables/events.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Postgres delivers a NOTIFY only when its transaction commits (and drops it on rollback), so a
 * listener woken on this channel never sees an event that was not committed. The payload is the
 * tenant id; listeners must still read the table, because notifications are lost while nobody
 * listens.
 */
export const EVENTS_CHANNEL = 'onramp_events';

export interface EventToRecord {
  type: EventType;
  tenantId: string;
  connectionId: string | null;
  data: Record<string, unknown>;
}

/** The wire shape of an event, as receivers get it. */
export interface EventEnvelope {
  id: string;
  type: EventType;
  createdAt: string;
  tenantId: string;
  data: Record<string, unknown>;
}

/**
 * Writes an event into the outbox. Call it with the transaction that makes the state change the
 * event reports: both commit or neither does.
 */
export async function recordEvent(db: Db, event: EventToRecord): Promise<EventRow> {
  const row = await db
    .insertInto('events')
    .values({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      type: event.type,
      tenant_id: event.tenantId,
      connection_id: event.connectionId,
      data: JSON.stringify(event.data),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${event.tenantId})`.execute(db);
  return row;
}

/** A tenant's events after `afterSequence`, oldest first. */
export async function listEventsAfter(db: Db, filter: { tenantId: string; afterSequence: string; limit: number }): Promise<EventRow[]> {
  return db
    .selectFrom('events')
    .selectAll()
    .where('tenant_id', '=', filter.tenantId)
    .where('sequence', '>', filter.afterSequence)
    .orderBy('sequence')
    .limit(filter.limit)
    .execute();
}

export function eventEnvelope(row: EventRow): EventEnvelope {
  return { id: row.id, type: row.type, createdAt: row.created_at.toISOString(), tenantId: row.tenant_id, data: row.data };
}
