import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { LastError } from '../../domain/connection.js';
import type { NewSyncRun, SyncRunRow, SyncRunUpdate } from '../tables/sync-runs.js';
import { decodeCursor, idCursor, pageOf } from '../cursor.js';
import { inTransaction, recordSyncRunFinished } from './connection-events.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Idempotent per workflow run: a retried "start" finds the row it made the first time (a later
 * attempt number, when given, is kept).
 */
export async function startSyncRun(db: Db, run: NewSyncRun): Promise<SyncRunRow> {
  return db
    .insertInto('sync_runs')
    .values(run)
    .onConflict((oc) =>
      oc.columns(['workflow_id', 'workflow_run_id']).doUpdateSet((eb) => ({
        status: eb.ref('sync_runs.status'),
        attempts: sql<number>`greatest(${eb.ref('sync_runs.attempts')}, ${eb.ref('excluded.attempts')})`,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

const durationUntil = (finishedAt: Date) => sql<number>`greatest(0, round(extract(epoch from (${finishedAt}::timestamptz - started_at)) * 1000))::int`;

/** The run's outcome and its `sync.*` event, in one transaction (call it after the connection's change: the event carries the connection as it is then). */
export async function finishSyncRun(
  db: Db,
  id: string,
  patch: Pick<SyncRunUpdate, 'status' | 'kpis_written' | 'error' | 'missing_periods' | 'repaired_periods'> & { finished_at: Date },
): Promise<SyncRunRow | undefined> {
  return inTransaction(db, async (trx) => {
    const run = await trx
      .updateTable('sync_runs')
      .set({
        ...patch,
        duration_ms: durationUntil(patch.finished_at),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (run) await recordSyncRunFinished(trx, run);
    return run;
  });
}

/** Newest first (ids grow with time), keyset-paged by id. */
export async function listSyncRuns(
  db: Db,
  filter: { connectionId: string; limit: number; cursor?: string | undefined },
): Promise<{ items: SyncRunRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('sync_runs').selectAll().where('connection_id', '=', filter.connectionId);
  if (filter.cursor) query = query.where('id', '<', decodeCursor(filter.cursor, idCursor)[0]);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit + 1).execute();
  return pageOf(rows, filter.limit, (last) => [last.id]);
}

/** The run's status, its row locked until the transaction ends (a finish that must happen once). */
export async function lockSyncRun(trx: Transaction<Database>, id: string): Promise<SyncRunRow['status'] | undefined> {
  const run = await trx.selectFrom('sync_runs').select('status').where('id', '=', id).forUpdate().executeTakeFirst();
  return run?.status;
}

/** Every run of the workflow still open ends failed with `error`; answers how many did. */
export async function failOpenSyncRuns(db: Db, workflowId: string, error: LastError, at: Date): Promise<number> {
  const runs = await db
    .updateTable('sync_runs')
    .set({ status: 'failed', error: JSON.stringify(error), finished_at: at, duration_ms: durationUntil(at) })
    .where('workflow_id', '=', workflowId)
    .where('status', '=', 'running')
    .returning('id')
    .execute();
  return runs.length;
}
