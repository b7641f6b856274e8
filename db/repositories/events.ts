import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { EventRow } from '../tables/events.js';
import type { EventType } from '../../domain/events.js';

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
 * Sequences are drawn at insert time, not commit time: a transaction holding sequence 10 may
 * commit after one holding 11. A reader that advanced its cursor past 11 would skip 10 for good.
 * So writers hold this tenant lock shared from their insert until their commit, and a reader
 * takes it exclusively for a moment (`committedEventsBound`, in a transaction of its own): it
 * waits for the writers in flight and reads the highest sequence, below which nothing can commit
 * any more (any later writer draws a higher one). It then reads up to that bound without the lock.
 *
 * Lock order: a writer that also holds a webhook endpoint's row takes that row first and this
 * lock second (webhooks.ts, lockEndpointForEvents); the reader holds no row while it waits here.
 */
const TENANT_EVENTS_LOCK = 0x0e7e_a175;

/**
 * Writes an event into the outbox. Call it with the transaction that makes the state change the
 * event reports: both commit or neither does.
 */
export async function recordEvent(db: Db, event: EventToRecord): Promise<EventRow> {
  // The shared lock is taken in the inserting statement itself, before the sequence is drawn,
  // and held until commit (see TENANT_EVENTS_LOCK).
  // One round trip: the notification rides on the insert (Postgres sends it at commit).
  const { rows } = await sql<EventRow & { notified?: unknown }>`
    with inserted as (
      insert into events (id, type, tenant_id, connection_id, data)
      select ${`evt_${randomUUID().replaceAll('-', '')}`}, ${event.type}, ${event.tenantId}, ${event.connectionId}::uuid, ${JSON.stringify(event.data)}::jsonb
      from (select pg_advisory_xact_lock_shared(${TENANT_EVENTS_LOCK}, hashtext(${event.tenantId}))) as locked
      returning *
    )
    select inserted.*, pg_notify(${EVENTS_CHANNEL}, ${event.tenantId}) as notified from inserted`.execute(db);
  const row = rows[0]!;
  delete row.notified;
  return row;
}

/** Waits until no transaction is writing this tenant's events; call it in the reading transaction. */
export async function lockTenantEvents(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${TENANT_EVENTS_LOCK}, hashtext(${tenantId}))`.execute(trx);
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
