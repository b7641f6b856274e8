import { ApplicationFailure, patched, workflowInfo } from '@temporalio/workflow';
import { SYNC_ONE_ACTIVITY, type FailureReport, type SyncInput, type SyncResult } from './definitions.js';
import { describeFailure } from './failures.js';
import { bookkeeping, providerCalls } from './proxies.js';

const provider = providerCalls('5 minutes');

/**
 * One scheduled sync: window → fetch metrics → upsert KPIs → record the run.
 * Every step is idempotent per (workflow id, run id), so retries and replays never double data.
 */
export async function syncWorkflow({ connectionId }: SyncInput): Promise<SyncResult> {
  const { workflowId, runId } = workflowInfo();
  // One activity and two workflow tasks per run (four activities and five tasks before): the
  // connection is loaded once and the points never enter history.
  if (patched(SYNC_ONE_ACTIVITY)) {
    try {
      return await provider.runSync({ connectionId, workflowId, workflowRunId: runId });
    } catch (error) {
      const report = describeFailure(error);
      // runSync may have failed before opening the run: it is named by this workflow run.
      await bookkeeping.finishSyncRun({ connectionId, run: { workflowId, workflowRunId: runId }, kpisWritten: 0, error: report });
      throw syncFailed(report);
    }
  }
  const run = await bookkeeping.startSyncRun({ connectionId, workflowId, workflowRunId: runId });
  try {
    const points = await provider.fetchMetrics({ connectionId, window: run.window, syncRunId: run.syncRunId });
    const kpisWritten = await bookkeeping.upsertKpis({ connectionId, syncRunId: run.syncRunId, points });
    await bookkeeping.finishSyncRun({ connectionId, syncRunId: run.syncRunId, kpisWritten, error: null });
    return { syncRunId: run.syncRunId, kpisWritten };
  } catch (error) {
    const report = describeFailure(error);
    await bookkeeping.finishSyncRun({ connectionId, syncRunId: run.syncRunId, kpisWritten: 0, error: report });
    throw syncFailed(report);
  }
}

/** Fail the run visibly in Temporal too; the schedule starts the next one on time. */
const syncFailed = (report: FailureReport) =>
  ApplicationFailure.create({ type: 'SyncFailed', message: report.message, details: [report], nonRetryable: true });
