import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import { z } from 'zod';
import { decodeCursor, pageOf } from '../cursor.js';
import type { Database } from '../schema.js';
import type { EventType } from '../../domain/events.js';
import type { NewWebhookEndpoint, WebhookDeliveryRow, WebhookEndpointRow, WebhookEndpointUpdate } from '../tables/webhooks.js';
import { timestamp } from '../values.js';

// What the webhooks API reads and writes; the delivery side's queries live in webhook-deliveries.ts.

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Both lists are newest first by (created_at, id). The cursor keeps created_at as Postgres holds
 * it, to the microsecond: rows inserted with `now()` and cut at a JS Date's millisecond would
 * let the next page skip the rows of that same millisecond.
 */
const newestFirstCursor = z.tuple([timestamp, z.uuid()]);
const createdAtText = (table: 'webhook_endpoints' | 'webhook_deliveries') =>
  sql<string>`to_char(${sql.ref(`${table}.created_at`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const before = (table: 'webhook_endpoints' | 'webhook_deliveries', cursor: string) => {
  const [createdAt, id] = decodeCursor(cursor, newestFirstCursor);
  return sql<boolean>`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)}) < (${createdAt}::timestamptz, ${id}::uuid)`;
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface PageFilter {
  limit: number;
  cursor?: string | undefined;
}
function newestFirstPage<T extends { id: string; cursor_created_at: string }>(rows: T[], limit: number): Page<Omit<T, 'cursor_created_at'>> {
  const page = pageOf(rows, limit, (last) => [last.cursor_created_at, last.id]);
  return { items: page.items.map(({ cursor_created_at: _, ...row }) => row), nextCursor: page.nextCursor };
}

/**
 * A new endpoint takes only events recorded from now on: its cursor starts at the tenant's
 * newest event, read in the same statement.
 */
export async function insertWebhookEndpoint(db: Db, row: Omit<NewWebhookEndpoint, 'event_cursor'>): Promise<WebhookEndpointRow> {
  return db
    .insertInto('webhook_endpoints')
    .values({
      ...row,
      event_cursor: sql<string>`(select coalesce(max(sequence), 0) from events where tenant_id = ${row.tenant_id})`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** `tenantId` null means any tenant (support); otherwise another tenant's endpoint is simply absent. */
export async function findWebhookEndpoint(db: Db, id: string, tenantId: string | null): Promise<WebhookEndpointRow | undefined> {
  let query = db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
  if (tenantId !== null) query = query.where('tenant_id', '=', tenantId);
  return query.executeTakeFirst();
}

export async function listWebhookEndpoints(
  db: Db,
  /** `tenant` narrows a support listing to one tenant; `tenantId` still bounds a client's. */
  filter: PageFilter & { tenantId: string | null; tenant?: string | undefined },
): Promise<Page<WebhookEndpointRow>> {
  let query = db.selectFrom('webhook_endpoints').selectAll().select(createdAtText('webhook_endpoints').as('cursor_created_at'));
  if (filter.tenantId !== null) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.tenant) query = query.where('tenant_id', '=', filter.tenant);
  if (filter.cursor) query = query.where(before('webhook_endpoints', filter.cursor));
  return newestFirstPage(await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute(), filter.limit);
}

export async function updateWebhookEndpoint(db: Db, id: string, patch: WebhookEndpointUpdate): Promise<WebhookEndpointRow | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * A new sealed secret; the one it replaces keeps signing until `previousExpiresAt`. The old value
 * is taken from the row as the update finds it (under its lock), so two rotations at once leave
 * both answered secrets valid: the second one's previous is the first one's.
 */
export async function rotateWebhookSecret(db: Db, id: string, sealed: string, previousExpiresAt: Date): Promise<WebhookEndpointRow | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      secret_encrypted: sealed,
      previous_secret_encrypted: eb.ref('secret_encrypted'),
      previous_secret_expires_at: previousExpiresAt,
      updated_at: new Date(),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deliveries go with it (on delete cascade); the events stay, they are the tenant's history. */
export async function deleteWebhookEndpoint(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Holds the endpoint's row (FOR KEY SHARE: it cannot be deleted, and a delivery worker's take of
 * new events waits) before the caller writes an event for it. One lock order wherever an
 * endpoint's events and deliveries are written: the endpoint's row first, the tenant's events
 * lock (recordEvent, lockTenantEvents) second, as the delivery worker's take and disableEndpoint
 * do. A ping that took them the other way round met a take in a deadlock. False when it is gone.
 */
export async function lockEndpointForEvents(trx: Transaction<Database>, id: string): Promise<boolean> {
  return (await trx.selectFrom('webhook_endpoints').select('id').where('id', '=', id).forKeyShare().executeTakeFirst()) !== undefined;
}

export type WebhookDeliveryView = WebhookDeliveryRow & { event_type: EventType };

/** A new pending delivery of an event to one endpoint: a test ping, or a redelivery. */
export async function insertWebhookDelivery(
  db: Db,
  endpoint: Pick<WebhookEndpointRow, 'id' | 'tenant_id'>,
  event: { id: string; sequence: string; connection_id: string | null },
): Promise<WebhookDeliveryRow> {
  return db
    .insertInto('webhook_deliveries')
    .values({
      id: randomUUID(),
      endpoint_id: endpoint.id,
      event_id: event.id,
      event_sequence: event.sequence,
      tenant_id: endpoint.tenant_id,
      connection_id: event.connection_id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A page of deliveries, newest first by (created_at, id), after the filter's cursor. */
async function newestDeliveriesFirst<TB extends keyof Database, O extends { id: string; cursor_created_at: string }>(
  query: SelectQueryBuilder<Database, TB | 'webhook_deliveries', O>,
  filter: PageFilter,
): Promise<Page<Omit<O, 'cursor_created_at'>>> {
  const rows = await (filter.cursor ? query.where(before('webhook_deliveries', filter.cursor)) : query)
    .orderBy(sql.ref('webhook_deliveries.created_at'), 'desc')
    .orderBy(sql.ref('webhook_deliveries.id'), 'desc')
    .limit(filter.limit + 1)
    .execute();
  return newestFirstPage(rows as O[], filter.limit);
}

export async function findWebhookDelivery(db: Db, endpointId: string, id: string): Promise<WebhookDeliveryView | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
    .selectAll('webhook_deliveries')
    .select('events.type as event_type')
    .where('webhook_deliveries.endpoint_id', '=', endpointId)
    .where('webhook_deliveries.id', '=', id)
    .executeTakeFirst();
}

export async function listWebhookDeliveries(db: Db, filter: PageFilter & { endpointId: string }): Promise<Page<WebhookDeliveryView>> {
  const query = db
    .selectFrom('webhook_deliveries')
    .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
    .selectAll('webhook_deliveries')
    .select(['events.type as event_type', createdAtText('webhook_deliveries').as('cursor_created_at')])
    .where('webhook_deliveries.endpoint_id', '=', filter.endpointId);
  return newestDeliveriesFirst(query, filter);
}

/** The delivery an endpoint sends first (its queue's head): every later pending one waits for it. */
export interface QueueHead {
  id: string;
  event_id: string;
  event_type: EventType;
  connection_id: string | null;
  created_at: Date;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
}

export type ConnectionDeliveryView = WebhookDeliveryView & {
  endpoint_url: string;
  endpoint_enabled: boolean;
  /** For a pending delivery: the first pending delivery of its connection to that endpoint (itself when it is next). */
  head: QueueHead | null;
};

/**
 * The deliveries of one connection's events to any of its tenant's endpoints, newest first, each
 * pending one with the delivery its endpoint sends first for this connection: a connection's events
 * reach an endpoint in outbox order, so a pending delivery waits until that one is delivered or has
 * failed for good (other connections' events are not held by it).
 */
export async function listConnectionDeliveries(db: Db, filter: PageFilter & { connectionId: string }): Promise<Page<ConnectionDeliveryView>> {
  const query = db
    .selectFrom('webhook_deliveries')
    .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .selectAll('webhook_deliveries')
    .select(['events.type as event_type', 'webhook_endpoints.url as endpoint_url', 'webhook_endpoints.enabled as endpoint_enabled'])
    .select(createdAtText('webhook_deliveries').as('cursor_created_at'))
    .select((eb) =>
      eb
        .selectFrom('webhook_deliveries as h')
        .innerJoin('events as he', 'he.id', 'h.event_id')
        .select(
          sql<QueueHead>`json_build_object('id', h.id, 'event_id', h.event_id, 'event_type', he.type, 'connection_id', h.connection_id,
            'created_at', h.created_at, 'attempts', h.attempts, 'last_status_code', h.last_status_code, 'last_error', h.last_error,
            'next_attempt_at', h.next_attempt_at)`.as('head'),
        )
        .whereRef('h.endpoint_id', '=', 'webhook_deliveries.endpoint_id')
        .where(sql<boolean>`${sql.ref('h.connection_id')} is not distinct from ${sql.ref('webhook_deliveries.connection_id')}`)
        .where('h.status', '=', 'pending')
        .where(sql<boolean>`${sql.ref('webhook_deliveries.status')} = 'pending'`)
        .orderBy('h.event_sequence')
        .orderBy('h.created_at')
        .limit(1)
        .as('head'),
    )
    .where('webhook_deliveries.connection_id', '=', filter.connectionId);
  const page = await newestDeliveriesFirst(query, filter);
  return {
    items: page.items.map((row) => {
      const head = row.head as unknown as (Omit<QueueHead, 'created_at' | 'next_attempt_at'> & { created_at: string; next_attempt_at: string | null }) | null;
      return {
        ...row,
        head: head ? { ...head, created_at: new Date(head.created_at), next_attempt_at: head.next_attempt_at ? new Date(head.next_attempt_at) : null } : null,
      };
    }),
    nextCursor: page.nextCursor,
  };
}
