import { CancellationScope, continueAsNew, isCancellation, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { BACKFILL_CANCEL, BACKFILL_CHUNK_ACTIVITY, backfillProgressQuery, type BackfillInput, type BackfillProgress, type FailureReport } from './definitions.js';
import { chunkCount } from '../domain/periods.js';
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

/** The half-open window of chunk `chunk`: `chunkDays` days from `from`, the last one cut at `to`. */
function chunkWindow(input: BackfillInput, chunk: number) {
  const end = Date.parse(input.to) + DAY_MS; // exclusive
  const fromMs = Date.parse(input.from) + chunk * input.chunkDays * DAY_MS;
  return { from: new Date(fromMs).toISOString(), to: new Date(Math.min(end, fromMs + input.chunkDays * DAY_MS)).toISOString() };
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
  if (patched(BACKFILL_CHUNK_ACTIVITY)) return backfillByChunkActivity(input, progress);
  return backfillInSteps(input, progress);
}

/** The rest in a fresh run of the same workflow id, so a history stays small whatever the range. */
async function continueAfterThisRun(input: BackfillInput, progress: BackfillProgress): Promise<never> {
  return continueAsNew<typeof backfillWorkflow>({ ...input, nextChunk: progress.chunksDone, kpisWritten: progress.kpisWritten });
}

/**
 * Chunks of one backfill at the provider at once: their Temporal round trips overlap, while a
 * connection never has more than two backfill calls open at its vendor.
 */
const CHUNKS_IN_FLIGHT = 2;

/**
 * One activity per chunk: it fetches, upserts and records the run and the progress itself, so a
 * chunk costs one activity, and the points stay out of history. The backfill stops at its first
 * failed chunk (after the chunks in flight finish); every chunk run left open shows that failure.
 */
async function backfillByChunkActivity(input: BackfillInput, progress: BackfillProgress): Promise<BackfillProgress> {
  let next = progress.chunksDone;
  const lastOfThisRun = Math.min(progress.chunksTotal, next + CHUNKS_PER_RUN);
  let failure: FailureReport | undefined;
  let cancellation: unknown;
  try {
    const inFlight = new Set<Promise<void>>();
    const start = (chunk: number) => {
      // Settles, never rejects: the loop reads what happened, so no rejection goes unhandled.
      const done: Promise<void> = provider
        .backfillChunk({ backfillId: input.backfillId, connectionId: input.connectionId, chunk, window: chunkWindow(input, chunk) })
        .then(
          ({ kpisWritten }) => {
            progress.chunksDone += 1;
            progress.kpisWritten += kpisWritten;
          },
          (error: unknown) => {
            if (isCancellation(error)) cancellation ??= error;
            else failure ??= describeFailure(error);
          },
        )
        .finally(() => inFlight.delete(done));
      inFlight.add(done);
    };
    for (;;) {
      while (inFlight.size < CHUNKS_IN_FLIGHT && next < lastOfThisRun && !failure && !cancellation) start(next++);
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
      if (cancellation) throw cancellation;
    }
    if (failure) {
      await bookkeeping.endBackfill({ backfillId: input.backfillId, status: 'failed', error: failure });
      return progress;
    }
    // Every chunk before `next` is done: the rest in a fresh run.
    if (next < progress.chunksTotal) await continueAfterThisRun(input, progress);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The cancellation must not cancel its own bookkeeping: the chunks in flight and the row say so.
    await CancellationScope.nonCancellable(() => bookkeeping.endBackfill({ backfillId: input.backfillId, status: 'cancelled', error: cancelledReport }));
    throw error;
  }
  return progress;
}

/** Runs started before `backfill-chunk-activity`: five activities a chunk, points through history. */
async function backfillInSteps(input: BackfillInput, progress: BackfillProgress): Promise<BackfillProgress> {
  const total = progress.chunksTotal;
  let openSyncRun: string | null = null;

  try {
    for (let run = 0; progress.chunksDone < total; run++) {
      if (run === CHUNKS_PER_RUN) await continueAfterThisRun(input, progress);
      const window = chunkWindow(input, progress.chunksDone);
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
