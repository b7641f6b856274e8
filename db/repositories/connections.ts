import { sql, type Kysely, type RawBuilder, type Transaction, type UpdateObject } from 'kysely';
import type { Database } from '../schema.js';
import type { ConnectionRow, ConnectionUpdate, NewConnection } from '../tables/connections.js';
import type { ConnectionStatus } from '../../domain/connection-states.js';
import { z } from 'zod';
import { decodeCursor, pageOf } from '../cursor.js';
import { timestamp } from '../values.js';
import { NEXT_SYNC_FACT_COLUMNS, nextSyncAt, type NextSyncFacts } from '../../domain/next-sync.js';
import { inTransaction, recordConnectionCreated, recordConnectionTransition } from './connection-events.js';
import { containsPattern, needsAttention, prefixPattern, SEARCH_TEXT, URGENCY_SINCE, urgencyRank, waitingLongerThan } from '../connection-search.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Notified (payload: the connection id) on every committed change of a connection's row, so open
 * progress streams push it at once. The outbox's channel is not enough: most onboarding steps
 * (connect → configure → test) change what the page shows without meaning an event.
 */
export const CONNECTION_CHANGES_CHANNEL = 'onramp_connection_changes';

/** The row and its `connection.created` event, in one transaction. */
export async function insertConnection(db: Db, row: NewConnection): Promise<ConnectionRow> {
  return inTransaction(db, async (trx) => {
    const inserted = await trx.insertInto('connections').values(row).returningAll().executeTakeFirstOrThrow();
    await recordConnectionCreated(trx, inserted);
    return inserted;
  });
}

/** `tenantId` null means any tenant (support staff); otherwise another tenant's row is simply absent. */
export async function findConnection(db: Db, id: string, tenantId: string | null): Promise<ConnectionRow | undefined> {
  let query = db.selectFrom('connections').selectAll().where('id', '=', id);
  if (tenantId !== null) query = query.where('tenant_id', '=', tenantId);
  return query.executeTakeFirst();
}

/**
 * Every change of a connection's row goes through here: the row as it was (locked, in the same
 * statement) and as it is now decide the events the change means, which are written in the same
 * transaction. `set` may use SQL on the row's own columns (`consecutive_failures + 1`). The
 * next sync time the changed row means (a pause, a resume, a new interval, a status) is written
 * with it, so the row and its events never show the new state beside the old time; `now` is
 * when that is computed.
 */
export async function changeConnection(
  db: Db,
  id: string,
  set: UpdateObject<Database, 'connections'>,
  options: { unlessDisconnected?: boolean; now?: Date } = {},
): Promise<ConnectionRow | undefined> {
  return inTransaction(db, async (trx) => {
    let update = trx
      .updateTable('connections')
      .set(set)
      .from((eb) =>
        eb
          .selectFrom('connections')
          .select(['status as before_status', 'sync_paused as before_sync_paused', 'last_sync_error as before_last_sync_error', 'last_sync_status as before_last_sync_status'])
          .where('id', '=', id)
          .forUpdate()
          .as('before'),
      )
      .where('connections.id', '=', id);
    if (options.unlessDisconnected) update = update.where('connections.status', '!=', 'disconnected');
    const changed = await update
      .returningAll('connections')
      .returning(['before.before_status', 'before.before_sync_paused', 'before.before_last_sync_error', 'before.before_last_sync_status'])
      // In the same statement, not a round trip of its own: delivered on commit only, like the events.
      .returning(sql<unknown>`pg_notify(${CONNECTION_CHANGES_CHANNEL}, ${id})`.as('notified'))
      .executeTakeFirst();
    if (!changed) return undefined;
    const { before_status, before_sync_paused, before_last_sync_error, before_last_sync_status, notified, ...after } = changed;
    void notified; // pg_notify's (empty) result: selected only to send it in the update
    const before = { status: before_status, sync_paused: before_sync_paused, last_sync_error: before_last_sync_error, last_sync_status: before_last_sync_status };
    const next = nextSyncAt(after, options.now ?? new Date());
    if (next?.getTime() !== after.next_sync_at?.getTime()) {
      await setNextSyncAt(trx, id, next);
      after.next_sync_at = next;
    }
    await recordConnectionTransition(trx, before, after);
    return after;
  });
}

export async function updateConnection(db: Db, id: string, patch: ConnectionUpdate): Promise<ConnectionRow | undefined> {
  return changeConnection(db, id, { ...patch, updated_at: new Date() });
}

/** Onboarding progress never overwrites a disconnect that raced it. */
export async function updateOnboarding(db: Db, id: string, patch: ConnectionUpdate): Promise<ConnectionRow | undefined> {
  return changeConnection(db, id, { ...patch, updated_at: new Date() }, { unlessDisconnected: true });
}

const listCursor = z.tuple([timestamp, z.uuid()]);
const urgencyCursor = z.tuple([z.number().int().min(0).max(9), timestamp, z.uuid()]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const microseconds = (expression: RawBuilder<Date>) => sql<string>`to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface ListConnectionsFilter {
  tenantId: string | null;
  status?: ConnectionStatus | undefined;
  integration?: string | undefined;
  /** Narrows a support listing to the tenants whose id starts with this; `tenantId` still bounds a client's. */
  tenant?: string | undefined;
  needsAttention?: 'true' | 'false' | undefined;
  /** A connection id, or a fragment of its name or of its end user's id, display name or email. */
  q?: string | undefined;
  /** Only onboardings waiting on their user for more than this many hours. */
  waitingHours?: number | undefined;
  /** `newest` (default) or `urgency`: most urgent first, the longest waiting first within each. */
  order?: 'newest' | 'urgency' | undefined;
  /** How long an onboarding may wait on its user before it needs attention. */
  waitingAttentionMs: number;
  limit: number;
  cursor?: string | undefined;
}

export async function listConnections(
  db: Db,
  filter: ListConnectionsFilter,
): Promise<{ items: ConnectionRow[]; nextCursor: string | null }> {
  const waitingSeconds = Math.round(filter.waitingAttentionMs / 1000);
  let query = db.selectFrom('connections').selectAll();
  if (filter.tenantId !== null) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.integration) query = query.where('integration', '=', filter.integration);
  if (filter.tenant) query = query.where('tenant_id', 'like', prefixPattern(filter.tenant));
  if (filter.needsAttention === 'true') query = query.where(needsAttention(waitingSeconds));
  if (filter.waitingHours !== undefined) query = query.where(waitingLongerThan(filter.waitingHours * 3600));
  const q = filter.q?.trim();
  if (q) {
    const matches = sql<boolean>`${SEARCH_TEXT} like lower(${containsPattern(q)})`;
    query = query.where(UUID.test(q) ? sql<boolean>`(id = ${q.toLowerCase()}::uuid or ${matches})` : matches);
  }
  if (filter.order === 'urgency') {
    const rank = urgencyRank(waitingSeconds);
    if (filter.cursor) {
      const [afterRank, afterSince, afterId] = decodeCursor(filter.cursor, urgencyCursor);
      query = query.where(sql<boolean>`(${rank}, ${URGENCY_SINCE}, id) > (${afterRank}, ${afterSince}::timestamptz, ${afterId}::uuid)`);
    }
    const rows = await query
      .select([rank.as('urgency_rank'), microseconds(URGENCY_SINCE).as('urgency_since')])
      .orderBy(rank)
      .orderBy(URGENCY_SINCE)
      .orderBy('id')
      .limit(filter.limit + 1)
      .execute();
    const page = pageOf(rows, filter.limit, (last) => [last.urgency_rank, last.urgency_since, last.id]);
    return { items: page.items.map(({ urgency_rank: _, urgency_since: __, ...row }) => row), nextCursor: page.nextCursor };
  }
  if (filter.cursor) {
    const [createdAt, id] = decodeCursor(filter.cursor, listCursor);
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', new Date(createdAt)),
        eb.and([eb('created_at', '=', new Date(createdAt)), eb('id', '<', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return pageOf(rows, filter.limit, (last) => [last.created_at.toISOString(), last.id]);
}

/**
 * The schedule's projection only: `updated_at` is left alone, since nothing about the
 * connection itself changed. A disconnected connection keeps none.
 */
export async function setNextSyncAt(db: Db, id: string, next: Date | null): Promise<void> {
  await db
    .updateTable('connections')
    .set({ next_sync_at: sql<Date | null>`case when status = 'disconnected' then null else ${next}::timestamptz end` })
    .where('id', '=', id)
    .execute();
}

/**
 * For what moves the schedule on without changing the row (a run starting, a retry unpausing
 * it): the row's next sync time, computed at `now`. Changes of the row do this themselves
 * (`changeConnection`).
 */
export async function refreshNextSync(db: Db, connectionId: string, now = new Date()): Promise<void> {
  const facts = await db.selectFrom('connections').select(NEXT_SYNC_FACT_COLUMNS).where('id', '=', connectionId).executeTakeFirst();
  if (facts) await setNextSyncAt(db, connectionId, nextSyncAt(facts, now));
}

export interface NextSyncRepair extends NextSyncFacts {
  showed: Date | null;
  next: Date | null;
}

/**
 * Writes the next run time the row's spec gives, if the row shows another: re-read under the
 * row's lock and computed at `clock()` then, not from an earlier read, so a run or an API change
 * that wrote it since is neither undone nor raced (theirs waits for the lock, or is seen).
 * Answers what it changed, or undefined when the row already agreed (or is gone).
 */
export async function repairNextSync(db: Kysely<Database>, id: string, clock: () => Date): Promise<NextSyncRepair | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('connections').select([...NEXT_SYNC_FACT_COLUMNS, 'next_sync_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return undefined;
    const next = nextSyncAt(row, clock());
    if (next?.getTime() === row.next_sync_at?.getTime()) return undefined;
    await setNextSyncAt(trx, id, next);
    return { ...row, showed: row.next_sync_at, next };
  });
}
