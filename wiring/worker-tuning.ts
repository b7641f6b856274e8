import type { WorkerOptions } from '@temporalio/worker';

/** How much one worker process takes on at once on the main task queue (wiring/config.ts reads it from the environment). */
export interface WorkerTuning {
  workflowTaskSlots: number;
  activityTaskSlots: number;
  /** Ceiling of each kind's pollers; the SDK scales them between 1 and this on the server's backlog hints. */
  maxPollers: number;
  /** Workflows kept in memory between their tasks (the sticky cache). */
  cachedWorkflows: number;
}

/**
 * Sized for schedules firing about 3 syncs a second (1,000 connections every 5 minutes) on 2
 * cores. Why each number:
 * - Pollers autoscale: with the SDK's fixed 10 workflow pollers, only a fifth
 *   (nonStickyToStickyPollRatio 0.2) poll the normal queue, where every new sync's first task
 *   lands, so a burst of starts waits on two long polls while the worker idles (issue 12 saw 950
 *   tasks 9 minutes old at 16% CPU). Scaling on the server's backlog hints drains a burst and
 *   costs nothing when quiet.
 * - The cache: the SDK sizes it from the heap limit (about 2,300 workflows on a 4 GB heap), far
 *   more than runs at once here; a sync finishes in a few tasks and leaves the cache, and what
 *   stays is onboardings waiting on a person, cheap to replay. A smaller cache bounds memory.
 * - Slots: workflow tasks run on one thread, so more than a few dozen in flight only queue
 *   inside the process; activities are mostly waiting on providers and Postgres.
 */
export const DEFAULT_WORKER_TUNING: WorkerTuning = { workflowTaskSlots: 40, activityTaskSlots: 100, maxPollers: 20, cachedWorkflows: 250 };

export function tunedWorkerOptions(tuning: WorkerTuning) {
  return {
    maxConcurrentWorkflowTaskExecutions: Math.min(tuning.workflowTaskSlots, tuning.cachedWorkflows),
    maxConcurrentActivityTaskExecutions: tuning.activityTaskSlots,
    workflowTaskPollerBehavior: { type: 'autoscaling', maximum: tuning.maxPollers },
    activityTaskPollerBehavior: { type: 'autoscaling', maximum: tuning.maxPollers },
    maxCachedWorkflows: tuning.cachedWorkflows,
  } satisfies Partial<WorkerOptions>;
}
