import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { ConnectionRow, ConnectionStatus, ConnectionUpdate, NewConnection } from '../tables/connections.js';
import { z } from 'zod';
import { decodeCursor, pageOf } from '../cursor.js';
import { timestamp } from '../values.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertConnection(db: Db, row: NewConnection): Promise<ConnectionRow> {
  return db.insertInto('connections').values(row).returningAll().executeTakeFirstOrThrow();
}

/** `tenantId` null means any tenant (support staff); otherwise another tenant's row is simply absent. */
export async function findConnection(db: Db, id: string, tenantId: string | null): Promise<ConnectionRow | undefined> {
  let query = db.selectFrom('connections').selectAll().where('id', '=', id);
  if (tenantId !== null) query = query.where('tenant_id', '=', tenantId);
  return query.executeTakeFirst();
}

export async function updateConnection(db: Db, id: string, patch: ConnectionUpdate): Promise<ConnectionRow | undefined> {
  return db
    .updateTable('connections')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Onboarding progress never overwrites a disconnect that raced it. */
export async function updateOnboarding(db: Db, id: string, patch: ConnectionUpdate): Promise<ConnectionRow | undefined> {
  return db
    .updateTable('connections')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .where('status', '!=', 'disconnected')
    .returningAll()
    .executeTakeFirst();
}

const listCursor = z.tuple([timestamp, z.uuid()]);

export interface ListConnectionsFilter {
  tenantId: string | null;
  status?: ConnectionStatus | undefined;
  integration?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listConnections(
  db: Db,
  filter: ListConnectionsFilter,
): Promise<{ items: ConnectionRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('connections').selectAll();
  if (filter.tenantId !== null) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.integration) query = query.where('integration', '=', filter.integration);
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
export async function setNextSyncAt(db: Db, id: string, nextSyncAt: Date | null): Promise<void> {
  await db
    .updateTable('connections')
    .set({ next_sync_at: sql<Date | null>`case when status = 'disconnected' then null else ${nextSyncAt}::timestamptz end` })
    .where('id', '=', id)
    .execute();
}
