import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { EventRow } from '../tables/events.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../tables/webhooks.js';
import { lockTenantEvents, recordEvent } from './events.js';
import { recordAuditEvent } from './audit-events.js';

type Db = Kysely<Database> | Transaction<Database>;

/** How many outbox rows one take reads; a larger backlog is taken over several. */
export const TAKE_BATCH = 5_000;

/**
 * The highest sequence below which every event of the tenant has committed (or rolled back):
 * what a take may read without ever skipping an event that commits later. Its own short
 * transaction waits for the tenant's writers in flight (TENANT_EVENTS_LOCK in events.ts) and lets
 * them go at once: writers that come after draw higher sequences, so they need not wait while the
 * take copies a batch.
 */
export async function committedEventsBound(db: Kysely<Database>, tenantId: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    // Bounded: a reader that cannot get the lock gives way (and is retried) instead of queueing writers behind it.
    await sql`set local lock_timeout = '5s'`.execute(trx);
    await lockTenantEvents(trx, tenantId);
    const { rows } = await sql<{ bound: string }>`select coalesce(max(sequence), 0)::text as bound from events where tenant_id = ${tenantId}`.execute(trx);
    return rows[0]!.bound;
  });
}

/**
 * Turns the tenant's events after the endpoint's cursor, up to `bound` (committedEventsBound),
 * into pending deliveries (those of the types it subscribes to, written since it exists, and never
 * the report of its own disabling), and advances the cursor past every event read. Answers how
 * many were read.
 */
export async function takeNewEvents(trx: Transaction<Database>, endpoint: WebhookEndpointRow, bound: string): Promise<number> {
  const { rows } = await sql<{ read: string; last: string | null }>`
    with batch as (
      select sequence, id, type, connection_id, data, created_at from events
      where tenant_id = ${endpoint.tenant_id} and sequence > ${endpoint.event_cursor} and sequence <= ${bound}
      order by sequence limit ${TAKE_BATCH}
    ), taken as (
      insert into webhook_deliveries (id, endpoint_id, event_id, event_sequence, tenant_id, connection_id)
      select gen_random_uuid(), ${endpoint.id}, id, sequence, ${endpoint.tenant_id}, connection_id from batch
      where type = any(${endpoint.event_types}::text[])
        and created_at >= ${endpoint.created_at}
        and not (type = 'webhook_endpoint.disabled' and data->'endpoint'->>'id' = ${endpoint.id})
      returning 1
    )
    select (select count(*) from batch) as read, (select max(sequence) from batch) as last`.execute(trx);
  const { read, last } = rows[0]!;
  if (last !== null) await trx.updateTable('webhook_endpoints').set({ event_cursor: last }).where('id', '=', endpoint.id).execute();
  return Number(read);
}

export type PendingDelivery = Pick<WebhookDeliveryRow, 'id' | 'attempts' | 'next_attempt_at'> & { event: EventRow };

/**
 * The endpoint's pending deliveries that may be sent now, in outbox order. Order is promised per
 * connection: a delivery waiting for its retry (next attempt after `at`) holds the later ones of
 * its own connection, and only those (events without a connection form one lane of their own).
 */
export async function nextDueDeliveries(db: Db, endpointId: string, at: Date, limit: number): Promise<PendingDelivery[]> {
  const { rows } = await sql<Omit<PendingDelivery, 'event'> & Omit<EventRow, 'id'> & { event_id: string }>`
    with pending as (
      select d.id, d.attempts, d.next_attempt_at, d.event_sequence, d.created_at as queued_at, d.event_id,
        min(d.event_sequence) filter (where d.next_attempt_at > ${at}::timestamptz) over (partition by d.connection_id) as held_from
      from webhook_deliveries d
      where d.endpoint_id = ${endpointId} and d.status = 'pending'
    )
    select p.id, p.attempts, p.next_attempt_at, e.sequence, e.id as event_id, e.type, e.tenant_id, e.connection_id, e.created_at, e.data
    from pending p join events e on e.id = p.event_id
    where p.held_from is null or p.event_sequence < p.held_from
    order by p.event_sequence, p.queued_at
    limit ${limit}`.execute(db);
  return rows.map(({ id, attempts, next_attempt_at, event_id, ...event }) => ({ id, attempts, next_attempt_at, event: { ...event, id: event_id } }));
}

/** When the endpoint's first held delivery is due again (null when nothing is pending). */
export async function nextRetryAt(db: Db, endpointId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.at ?? null;
}

export interface AttemptRecord {
  at: Date;
  statusCode: number | null;
  error: string | null;
  excerpt: string | null;
}

/** Records many 2xx answers in one statement (a burst is recorded as it is sent, a batch at a time). */
export async function recordDelivered(db: Db, delivered: { deliveryId: string; attempt: AttemptRecord }[]): Promise<void> {
  if (delivered.length === 0) return;
  const column = <T>(pick: (d: (typeof delivered)[number]) => T) => delivered.map(pick);
  await sql`
    update webhook_deliveries d set
      status = 'delivered', attempts = d.attempts + 1, next_attempt_at = null,
      last_attempt_at = r.at, delivered_at = r.at, last_status_code = r.status_code, last_error = null, last_response_excerpt = r.excerpt
    from unnest(${column((d) => d.deliveryId)}::uuid[], ${column((d) => d.attempt.at)}::timestamptz[],
                ${column((d) => d.attempt.statusCode)}::int[], ${column((d) => d.attempt.excerpt)}::text[])
      as r(id, at, status_code, excerpt)
    where d.id = r.id`.execute(db);
}

/** The endpoint answered 2xx again: no longer on its way to being disabled. */
export async function clearFailing(db: Db, endpointId: string): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', '=', endpointId).where('failing_since', 'is not', null).execute();
}

/**
 * A failed attempt: the delivery waits for `retryAt` or, without one, has failed for good. The
 * endpoint counts as failing from its first failure on; answers since when.
 */
export async function recordFailed(db: Db, deliveryId: string, endpointId: string, attempt: AttemptRecord, retryAt: Date | null): Promise<Date> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: retryAt ? 'pending' : 'failed',
        attempts: eb('attempts', '+', 1),
        ...attemptColumns(attempt),
        next_attempt_at: retryAt,
      }))
      .where('id', '=', deliveryId)
      .execute();
    const { failing_since } = await trx
      .updateTable('webhook_endpoints')
      .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', sql<Date>`${attempt.at}::timestamptz`) }))
      .where('id', '=', endpointId)
      .returning('failing_since')
      .executeTakeFirstOrThrow();
    return failing_since ?? attempt.at;
  });
}

const attemptColumns = (attempt: AttemptRecord) => ({
  last_attempt_at: attempt.at,
  last_status_code: attempt.statusCode,
  last_error: attempt.error,
  last_response_excerpt: attempt.excerpt,
});

/**
 * Disables an endpoint and fails what it still had pending, audited as the system's act, and
 * tells the tenant's other endpoints with a `webhook_endpoint.disabled` event, all at once.
 */
export async function disableEndpoint(db: Kysely<Database>, endpoint: WebhookEndpointRow, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const disabled = await trx
      .updateTable('webhook_endpoints')
      .set({ enabled: false, disabled_reason: reason, updated_at: sql<Date>`now()` })
      .where('id', '=', endpoint.id)
      .where('enabled', '=', true)
      .returning('id')
      .executeTakeFirst();
    // Already disabled (by a person, or a previous try of this activity): nothing more to say.
    if (!disabled) return;
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', next_attempt_at: null, last_error: `not sent: the endpoint was disabled (${reason})` })
      .where('endpoint_id', '=', endpoint.id)
      .where('status', '=', 'pending')
      .execute();
    await recordAuditEvent(trx, {
      actor_key_id: 'operator',
      actor_role: 'system',
      tenant_id: endpoint.tenant_id,
      connection_id: null,
      action: 'webhook_endpoint.disable',
      outcome: 'ok',
      status_code: null,
    });
    await recordEvent(trx, {
      type: 'webhook_endpoint.disabled',
      tenantId: endpoint.tenant_id,
      connectionId: null,
      data: { endpoint: { id: endpoint.id, url: endpoint.url, description: endpoint.description }, reason },
    });
  });
}
