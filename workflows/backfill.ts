import { CancellationScope, continueAsNew, isCancellation, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { BACKFILL_CANCEL, backfillProgressQuery, type BackfillInput, type BackfillProgress, type FailureReport } from './definitions.js';
import { describeFailure } from './failures.js';
import { bookkeeping, providerCalls } from './proxies.js';

const provider = providerCalls('5 minutes');

/** Chunks per run before continuing as new: keeps each history small whatever the range. */
const CHUNKS_PER_RUN = 10;
const DAY_MS = 86_400_000;

const cancelledReport: FailureReport = {
  code: 'cancelled',
  message: 'The backfill was cancelled before this chunk finished.',
  hint: 'Days written before the cancellation stay; POST /v1/connections/{id}/backfill again for the rest.',
};

export function chunkCount(from: string, to: string, chunkDays: number): number {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  return Math.ceil(days / chunkDays);
}

/**
 * Writes every day in [from, to] for one connection, a bounded chunk of days at a time, each
 * chunk recorded as a sync run of kind `backfill`. Upserts make any chunk safe to redo.
 * Cancelling the workflow (DELETE …/backfills/:id) stops it between or during chunks.
 */
export async function backfillWorkflow(input: BackfillInput): Promise<BackfillProgress> {
  const total = chunkCount(input.from, input.to, input.chunkDays);
  const progress: BackfillProgress = { chunksDone: input.nextChunk ?? 0, chunksTotal: total, kpisWritten: input.kpisWritten ?? 0 };
  setHandler(backfillProgressQuery, () => progress);
  const end = Date.parse(input.to) + DAY_MS; // exclusive
  let openSyncRun: string | null = null;

  try {
    for (let run = 0; progress.chunksDone < total; run++) {
      if (run === CHUNKS_PER_RUN) {
        await continueAsNew<typeof backfillWorkflow>({ ...input, nextChunk: progress.chunksDone, kpisWritten: progress.kpisWritten });
      }
      const fromMs = Date.parse(input.from) + progress.chunksDone * input.chunkDays * DAY_MS;
      const window = { from: new Date(fromMs).toISOString(), to: new Date(Math.min(end, fromMs + input.chunkDays * DAY_MS)).toISOString() };
      const { workflowId, runId } = workflowInfo();
      const syncRun = await bookkeeping.startSyncRun({
        connectionId: input.connectionId,
        workflowId,
        workflowRunId: `${runId}#${progress.chunksDone}`,
        window,
        kind: 'backfill',
      });
      openSyncRun = syncRun.syncRunId;
      try {
        const points = await provider.fetchMetrics({ connectionId: input.connectionId, window, syncRunId: syncRun.syncRunId });
        const written = await bookkeeping.upsertKpis({ connectionId: input.connectionId, syncRunId: syncRun.syncRunId, points });
        await bookkeeping.finishSyncRun({ connectionId: input.connectionId, syncRunId: syncRun.syncRunId, kpisWritten: written, error: null });
        openSyncRun = null;
        progress.chunksDone += 1;
        progress.kpisWritten += written;
        await bookkeeping.recordBackfillProgress({
          backfillId: input.backfillId,
          chunksDone: progress.chunksDone,
          kpisWritten: progress.kpisWritten,
          status: progress.chunksDone === total ? 'succeeded' : 'running',
          error: null,
        });
      } catch (error) {
        if (isCancellation(error) && patched(BACKFILL_CANCEL)) throw error;
        const report = describeFailure(error);
        await bookkeeping.finishSyncRun({ connectionId: input.connectionId, syncRunId: syncRun.syncRunId, kpisWritten: 0, error: report });
        await bookkeeping.recordBackfillProgress({ backfillId: input.backfillId, ...progress, status: 'failed', error: report });
        return progress;
      }
    }
  } catch (error) {
    // Runs recorded before this patch met a cancellation with the failure path above; keep replaying them so.
    if (!isCancellation(error) || !patched(BACKFILL_CANCEL)) throw error;
    // The cancellation must not cancel its own bookkeeping: the chunk in flight and the row say so.
    await CancellationScope.nonCancellable(async () => {
      if (openSyncRun) {
        await bookkeeping.finishSyncRun({ connectionId: input.connectionId, syncRunId: openSyncRun, kpisWritten: 0, error: cancelledReport });
      }
      await bookkeeping.recordBackfillProgress({ backfillId: input.backfillId, ...progress, status: 'cancelled', error: null });
    });
    throw error;
  }
  return progress;
}
