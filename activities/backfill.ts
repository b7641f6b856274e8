import { sql } from 'kysely';
import type { LastError } from '../db/tables/connections.js';
import type { BackfillStatus } from '../db/tables/backfills.js';
import type { ActivityDeps } from './deps.js';

/** Progress of a backfill, written as it goes so the API can show it. */
export function backfillActivities({ db, clock }: ActivityDeps) {
  return {
    async recordBackfillProgress(input: {
      backfillId: string;
      chunksDone: number;
      kpisWritten: number;
      status: BackfillStatus;
      error: LastError | null;
    }): Promise<void> {
      await db
        .updateTable('backfills')
        .set({
          chunks_done: input.chunksDone,
          kpis_written: input.kpisWritten,
          // A finished row (cancelled by the API, superseded) keeps its outcome: a chunk that
          // was already in flight must not reopen it, nor block the one-running rule.
          status: sql<BackfillStatus>`case when status = 'running' then ${input.status} else status end`,
          error: input.error ? JSON.stringify(input.error) : null,
          updated_at: clock(),
        })
        .where('id', '=', input.backfillId)
        .execute();
    },
  };
}
