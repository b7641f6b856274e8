import { Context } from '@temporalio/activity';
import { countBackfillChunk, endBackfill, recordBackfillProgress } from '../db/repositories/backfills.js';
import { hasKpisBesidesRun, upsertKpiValues } from '../db/repositories/kpi-values.js';
import { failOpenSyncRuns, finishSyncRun, lockSyncRun, startSyncRun } from '../db/repositories/sync-runs.js';
import type { BackfillStatus } from '../domain/backfill.js';
import type { LastError } from '../domain/connection.js';
import type { SyncWindow } from '../domain/periods.js';
import { fetchedMetrics } from '../providers/contract.js';
import { backfillWorkflowId } from '../workflows/definitions.js';
import type { ConnectionAccess } from './connection-access.js';
import type { ActivityDeps } from './deps.js';
import { atActivityEdge, backfillNotVisibleYet } from './failures.js';
import { recomputeDerivedKpis } from './derived-kpis.js';
import { kpiRows } from './kpi-rows.js';
import { noActivityMetrics } from './metrics.js';

export interface BackfillChunkInput {
  backfillId: string;
  connectionId: string;
  /** 0-based. With the backfill id it names the chunk's run, so a retried chunk finds its own. */
  chunk: number;
  window: SyncWindow;
}

/** Backfills: each chunk fetched and written by one activity, progress written as it goes. */
export function backfillActivities(deps: ActivityDeps, { loadConnection, callProvider, providerOf }: ConnectionAccess) {
  const { db, clock } = deps;
  const metrics = deps.metrics ?? noActivityMetrics;
  return {
    /** The pre-`backfill-chunk-activity` runs' progress step (they still call it). */
    async recordBackfillProgress(input: {
      backfillId: string;
      chunksDone: number;
      kpisWritten: number;
      status: BackfillStatus;
      error: LastError | null;
    }): Promise<void> {
      const { backfillId, ...progress } = input;
      await recordBackfillProgress(db, backfillId, progress, clock());
    },

    /**
     * One chunk: its run recorded, the provider asked once for the window, the points upserted,
     * and the run and the backfill's progress written in one transaction. The points never travel
     * through Temporal. Idempotent per backfill and chunk: a try that finds the run finished (an
     * earlier one committed, only its answer was lost) writes nothing again.
     */
    async backfillChunk(input: BackfillChunkInput): Promise<{ kpisWritten: number }> {
      const row = await loadConnection(input.connectionId);
      const run = await startSyncRun(db, {
        connection_id: row.id,
        workflow_id: backfillWorkflowId(input.backfillId),
        workflow_run_id: `chunk-${input.chunk}`,
        window_start: new Date(input.window.from),
        window_end: new Date(input.window.to),
        status: 'running',
        kind: 'backfill',
        error: null,
        // A retried chunk finds its run, and the insert's conflict clause keeps the higher count.
        attempts: Context.current().info.attempt,
      });
      if (run.status !== 'running') return { kpisWritten: run.kpis_written };

      // A day the vendor would not answer gets no point here; the backfill shows it as not written
      // (the connection's missing days are the scheduled syncs' to repair).
      const { points } = fetchedMetrics(await atActivityEdge(() => callProvider(row, (provider, ctx) => provider.fetchMetrics(ctx, input.window), { syncRunId: run.id })));

      const finished = await db.transaction().execute(async (trx) => {
        // Finished meanwhile: the backfill ended (cancelled) and recorded this chunk as such.
        if ((await lockSyncRun(trx, run.id)) !== 'running') return undefined;
        const written = await upsertKpiValues(
          trx,
          kpiRows(providerOf(row), row, run.id, points),
        );
        // The derived KPIs these points are inputs of, for the months the chunk wrote, commit with them.
        await recomputeDerivedKpis(trx, { tenantId: row.tenant_id, connectionId: row.id, syncRunId: run.id, points });
        // As for a scheduled run: nothing where there was data before is `empty`, not a success.
        const status: 'empty' | 'succeeded' = written === 0 && (await hasKpisBesidesRun(trx, row.id, run.id)) ? 'empty' : 'succeeded';
        const now = clock();
        await finishSyncRun(trx, run.id, { status, kpis_written: written, error: null, finished_at: now });
        if (!(await countBackfillChunk(trx, input.backfillId, written, now))) throw backfillNotVisibleYet(input.backfillId);
        return { written, status };
      });
      if (!finished) return { kpisWritten: 0 };
      metrics.syncRunFinished({ kind: 'backfill', outcome: finished.status });
      return { kpisWritten: finished.written };
    },

    /**
     * A backfill that stopped early (a chunk failed, or it was cancelled): every chunk run of it
     * still open shows why, and the backfill row its end, in one transaction.
     */
    async endBackfill(input: {
      backfillId: string;
      status: 'failed' | 'cancelled';
      /** What the open chunk runs show; the backfill row keeps it only when it failed. */
      error: LastError;
    }): Promise<void> {
      const now = clock();
      const ended = await db.transaction().execute(async (trx) => {
        const runs = await failOpenSyncRuns(trx, backfillWorkflowId(input.backfillId), input.error, now);
        await endBackfill(trx, input.backfillId, { status: input.status, error: input.status === 'failed' ? input.error : null }, now);
        return runs;
      });
      for (let i = 0; i < ended; i++) metrics.syncRunFinished({ kind: 'backfill', outcome: 'failed' });
    },
  };
}
