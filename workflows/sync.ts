import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { SyncInput, SyncResult } from './definitions.js';
import { describeFailure } from './failures.js';

const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const provider = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
  },
});

/**
 * One scheduled sync: window → fetch metrics → upsert KPIs → record the run.
 * Every step is idempotent per (workflow id, run id), so retries and replays never double data.
 */
export async function syncWorkflow({ connectionId }: SyncInput): Promise<SyncResult> {
  const { workflowId, runId } = workflowInfo();
  const run = await bookkeeping.startSyncRun({ connectionId, workflowId, workflowRunId: runId });
  try {
    const points = await provider.fetchMetrics({ connectionId, window: run.window });
    const kpisWritten = await bookkeeping.upsertKpis({ connectionId, syncRunId: run.syncRunId, points });
    await bookkeeping.finishSyncRun({ connectionId, syncRunId: run.syncRunId, kpisWritten, error: null });
    return { syncRunId: run.syncRunId, kpisWritten };
  } catch (error) {
    const report = describeFailure(error);
    await bookkeeping.finishSyncRun({ connectionId, syncRunId: run.syncRunId, kpisWritten: 0, error: report });
    // Fail the run visibly in Temporal too; the schedule starts the next one on time.
    throw ApplicationFailure.create({ type: 'SyncFailed', message: report.message, details: [report], nonRetryable: true });
  }
}
