import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { NewSyncRun, SyncRunRow, SyncRunUpdate } from '../tables/sync-runs.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Idempotent per workflow run: a retried "start" finds the row it made the first time. */
export async function startSyncRun(db: Db, run: NewSyncRun): Promise<SyncRunRow> {
  return db
    .insertInto('sync_runs')
    .values(run)
    .onConflict((oc) =>
      oc.columns(['workflow_id', 'workflow_run_id']).doUpdateSet((eb) => ({ status: eb.ref('sync_runs.status') })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function finishSyncRun(
  db: Db,
  id: string,
  patch: Pick<SyncRunUpdate, 'status' | 'kpis_written' | 'error'> & { finished_at: Date },
): Promise<SyncRunRow | undefined> {
  return db
    .updateTable('sync_runs')
    .set({
      ...patch,
      duration_ms: sql<number>`greatest(0, round(extract(epoch from (${patch.finished_at}::timestamptz - started_at)) * 1000))::int`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function listSyncRuns(db: Db, connectionId: string, limit: number): Promise<SyncRunRow[]> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
