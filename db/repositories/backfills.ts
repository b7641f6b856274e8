import { sql, type Kysely, type Transaction, type UpdateObject } from 'kysely';
import type { Database } from '../schema.js';
import type { BackfillRow, NewBackfill } from '../tables/backfills.js';
import type { BackfillStatus } from '../../domain/backfill.js';
import type { LastError } from '../../domain/connection.js';
import { inTransaction, recordBackfillCompleted } from './connection-events.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The index that allows one running backfill per connection (migration 20261129T0900). */
export const ONE_RUNNING_BACKFILL_INDEX = 'backfills_one_running_idx';

export async function insertBackfill(db: Db, row: NewBackfill): Promise<BackfillRow> {
  return db.insertInto('backfills').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findBackfill(db: Db, connectionId: string, id: string): Promise<BackfillRow | undefined> {
  return db.selectFrom('backfills').selectAll().where('connection_id', '=', connectionId).where('id', '=', id).executeTakeFirst();
}

export async function findRunningBackfill(db: Db, connectionId: string): Promise<BackfillRow | undefined> {
  return db.selectFrom('backfills').selectAll().where('connection_id', '=', connectionId).where('status', '=', 'running').executeTakeFirst();
}

export async function listBackfills(db: Db, connectionId: string, limit = 50): Promise<BackfillRow[]> {
  return db.selectFrom('backfills').selectAll().where('connection_id', '=', connectionId).orderBy('created_at', 'desc').limit(limit).execute();
}

/** Marks a running backfill cancelled; a finished one keeps its outcome (undefined then). */
export async function cancelBackfill(db: Db, id: string, at: Date): Promise<BackfillRow | undefined> {
  return db
    .updateTable('backfills')
    .set({ status: 'cancelled', updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Every worker write to a backfill's progress goes through here: the row as it was (locked, in the
 * same statement) tells whether this write completed it, and `backfill.completed` is written in
 * the same transaction, once. Answers whether the row was there to change.
 */
async function changeBackfill(db: Db, id: string, set: UpdateObject<Database, 'backfills'>): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const changed = await trx
      .updateTable('backfills')
      .set(set)
      .from((eb) => eb.selectFrom('backfills').select('status as before_status').where('id', '=', id).forUpdate().as('before'))
      .where('backfills.id', '=', id)
      .returningAll('backfills')
      .returning('before.before_status')
      .executeTakeFirst();
    if (!changed) return false;
    const { before_status, ...backfill } = changed;
    if (before_status === 'running' && backfill.status === 'succeeded') await recordBackfillCompleted(trx, backfill);
    return true;
  });
}

/**
 * Progress as the worker records it. A finished row (cancelled by the API, superseded) keeps its
 * outcome: a chunk that was already in flight must not reopen it, nor block the one-running rule.
 */
export async function recordBackfillProgress(
  db: Db,
  id: string,
  progress: { chunksDone: number; kpisWritten: number; status: BackfillStatus; error: LastError | null },
  at: Date,
): Promise<void> {
  await changeBackfill(db, id, {
    chunks_done: progress.chunksDone,
    kpis_written: progress.kpisWritten,
    status: sql<BackfillStatus>`case when status = 'running' then ${progress.status} else status end`,
    error: progress.error ? JSON.stringify(progress.error) : null,
    updated_at: at,
  });
}

/**
 * One more chunk done, counted in the transaction that finishes the chunk's run (so once, and in
 * any order): the last one marks the backfill succeeded unless it already ended otherwise.
 * Answers false when there is no such backfill row (yet: see activities/backfill.ts).
 */
export async function countBackfillChunk(db: Db, id: string, kpisWritten: number, at: Date): Promise<boolean> {
  return changeBackfill(db, id, {
    chunks_done: sql<number>`chunks_done + 1`,
    kpis_written: sql<number>`kpis_written + ${kpisWritten}`,
    // Right-hand sides read the row as it was: `chunks_done + 1` is the count with this chunk.
    status: sql<BackfillStatus>`case when status = 'running' and chunks_done + 1 >= chunks_total then 'succeeded' else status end`,
    updated_at: at,
  });
}

/** A backfill that stopped early; a row already closed (cancelled by the API) keeps its status. */
export async function endBackfill(db: Db, id: string, outcome: { status: 'failed' | 'cancelled'; error: LastError | null }, at: Date): Promise<void> {
  await db
    .updateTable('backfills')
    .set({
      status: sql<BackfillStatus>`case when status = 'running' then ${outcome.status} else status end`,
      error: outcome.error ? JSON.stringify(outcome.error) : null,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}
