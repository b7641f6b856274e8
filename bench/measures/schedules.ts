import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { ScheduleOverlapPolicy, type Client, type ScheduleExecutionResult } from '@temporalio/client';
import { sql } from 'kysely';
import proto from '@temporalio/proto';
import { createSyncSchedules } from '../../platform/sync-schedules.js';
import { syncScheduleSpec } from '../../domain/next-sync.js';
import { syncScheduleId } from '../../workflows/definitions.js';
import { FLOOR_TASK_QUEUE, type BenchStack } from '../stack.js';
import { inParallel, pair, percentile, sleep, type Pair } from '../pair.js';
import { samplePeak, sampleRss, treePssMiB } from '../processes.js';
import { cpuPerUnit, cpuSnapshot } from '../cpu-split.js';
import { activeDemoConnections } from './syncs.js';

export interface ScheduleSizes {
  connections: number;
  /** Bare schedules starting a no-op workflow, beside Onramp's in the same cycle. */
  floorSchedules: number;
  intervalMinutes: number;
}

/** One schedule's first action of the cycle, in seconds past the time it was due. */
interface Lag {
  /** The server started the workflow (the scheduler's own delay). */
  startS: number;
  /** A worker picked up the workflow's first task: when the sync began to run. */
  pickupS: number;
}

/** What one run cost Temporal, from its history: the inputs of docs/scale.md. */
interface RunCost {
  historyEvents: number;
  workflowTasks: number;
  activities: number;
}

const CREATE_IN_FLIGHT = 8;
const COLLECT_IN_FLIGHT = 4;
const SAMPLE_MS = 2_000;

/**
 * 1,000 active demo connections, each with its real sync Schedule (the app's interval and
 * phase), and beside them a few bare schedules of the same spec starting a no-op workflow
 * on the floor's worker: both kinds fire on the same server in the same cycle, so the floor's lag
 * is what the server and its store add, and the difference is Onramp's worker. One interval runs; then every schedule's first action gives its lag beyond the due time, from
 * the schedule's action results and the workflow's history. Worker RSS and the workflow task
 * backlog are sampled meanwhile.
 */
export async function measureSchedules(stack: BenchStack, sizes: ScheduleSizes, log: (line: string) => void) {
  const { client } = stack;
  const ids = await activeDemoConnections(stack, sizes.connections, sizes.intervalMinutes);
  const schedules = createSyncSchedules(client, stack.config.taskQueue);
  const floorIds = Array.from({ length: sizes.floorSchedules }, () => `bench-floor-schedule-${randomUUID()}`);
  await inParallel(floorIds.length, CREATE_IN_FLIGHT, (i) => createFloorSchedule(client, floorIds[i]!, sizes.intervalMinutes));
  await inParallel(ids.length, CREATE_IN_FLIGHT, async (i) => {
    await schedules.ensure(ids[i]!, { intervalMinutes: sizes.intervalMinutes, triggerImmediately: false });
  });
  // The spec has no jitter: one interval and a moment for the last run to record itself.
  const cycleMs = (sizes.intervalMinutes * 60 + 5) * 1_000;
  const loadAtStart = loadavg()[0]!;
  log(`bench: ${ids.length} + ${floorIds.length} floor schedules created; one cycle of ${Math.round(cycleMs / 1000)} s…`);

  const before = await postgresWork(stack);
  const cpuBefore = await stack.worker.cpuMs();
  const rss = sampleRss(stack.worker);
  const floorRss = sampleRss(stack.floorWorker);
  const temporalMemory = samplePeak(() => treePssMiB(stack.serverPids.temporal));
  const postgresMemory = samplePeak(() => treePssMiB(stack.serverPids.postgres));
  const cpuSplitBefore = await cpuSnapshot({ worker: stack.worker.pid, api: stack.apiProcess.pid, ...stack.serverPids, 'floor worker': stack.floorWorker.pid });
  const backlogPeak = await sampleBacklog(cycleMs, () => workflowBacklog(stack));
  const cpuAfter = await stack.worker.cpuMs();
  const cpuSplitAfter = await cpuSnapshot({ worker: stack.worker.pid, api: stack.apiProcess.pid, ...stack.serverPids, 'floor worker': stack.floorWorker.pid });
  const rssPeakMiB = await rss.stop();
  const floorRssPeakMiB = await floorRss.stop();
  const serverMemoryPeakMiB = { temporal: await temporalMemory.stop(), postgres: await postgresMemory.stop() };
  const after = await postgresWork(stack);
  const loadAtEnd = loadavg()[0]!;

  const onramp = await collectLags(client, ids.map((id) => syncScheduleId(id)));
  const floor = await collectLags(client, floorIds);
  const s = (lags: Lag[], key: keyof Lag, p: number) => percentile(lags.map((l) => l[key]), p);
  const pairs: Pair[] = [
    pair(`schedule lag past due, ${ids.length} connections every ${sizes.intervalMinutes} min, p50`, 's', 'lower', s(onramp.lags, 'pickupS', 0.5), s(floor.lags, 'pickupS', 0.5)),
    pair(`schedule lag past due, ${ids.length} connections every ${sizes.intervalMinutes} min, p99`, 's', 'lower', s(onramp.lags, 'pickupS', 0.99), s(floor.lags, 'pickupS', 0.99)),
    pair("worker RSS peak during the schedule cycle (goal ≤ 400 MB, which is 381 MiB), vs the floor's worker", 'MiB', 'lower', rssPeakMiB ?? 0, floorRssPeakMiB),
  ];
  const syncsRun = after.syncRuns - before.syncRuns;
  const mean = (key: keyof RunCost) => +(onramp.costs.reduce((sum, c) => sum + c[key], 0) / Math.max(1, onramp.costs.length)).toFixed(2);
  const perSync = {
    historyEvents: mean('historyEvents'),
    workflowTasks: mean('workflowTasks'),
    activities: mean('activities'),
    // Every statement outside an explicit transaction is one; the cycle has no other Postgres client.
    postgresTransactions: +((after.transactions - before.transactions) / Math.max(1, syncsRun)).toFixed(1),
    // CPU of the worker's process over the cycle, per sync run (null off Linux).
    workerCpuMs: cpuBefore === null || cpuAfter === null ? null : +((cpuAfter - cpuBefore) / Math.max(1, syncsRun)).toFixed(1),
    syncsRun,
  };
  const summary = (side: typeof onramp) => ({
    fired: side.lags.length,
    notFired: side.notFired,
    unreadable: side.unreadable,
    startLagS: { p50: s(side.lags, 'startS', 0.5), p99: s(side.lags, 'startS', 0.99), max: s(side.lags, 'startS', 1) },
    pickupLagS: { p50: s(side.lags, 'pickupS', 0.5), p99: s(side.lags, 'pickupS', 0.99), max: s(side.lags, 'pickupS', 1) },
  });
  return {
    pairs,
    details: {
      sizes,
      cycleSeconds: Math.round(cycleMs / 1000),
      onramp: summary(onramp),
      floor: summary(floor),
      perSync,
      rssPeakMiB,
      // Proportional memory (PSS) of each server's process tree, highest sample of the cycle.
      serverMemoryPeakMiB,
      // CPU each part spent over the cycle per sync run: which part saturates first.
      cpuMsPerSync: cpuPerUnit(cpuSplitBefore, cpuSplitAfter, Math.max(1, syncsRun)),
      // The same as a share of the machine's CPU over the cycle (100 % = every core busy).
      cpuShareOfMachine: cpuShare(cpuSplitBefore, cpuSplitAfter, cycleMs),
      workflowBacklogPeak: backlogPeak,
      loadAverage1m: { atCycleStart: +loadAtStart.toFixed(2), atCycleEnd: +loadAtEnd.toFixed(2) },
    },
  };
}

function cpuShare(before: Record<string, number> | null, after: Record<string, number> | null, ms: number): Record<string, number> | null {
  if (!before || !after) return null;
  const cores = cpus().length;
  return Object.fromEntries(Object.keys(after).map((name) => [name, Math.round(((after[name]! - (before[name] ?? 0)) / (ms * cores)) * 1000) / 10]));
}

/** The floor's schedule: Onramp's spec and policies, a workflow that does nothing. */
async function createFloorSchedule(client: Client, scheduleId: string, intervalMinutes: number): Promise<void> {
  await client.schedule.create({
    scheduleId,
    spec: syncScheduleSpec(scheduleId, intervalMinutes),
    action: { type: 'startWorkflow', workflowType: 'noopWorkflow', workflowId: scheduleId, taskQueue: FLOOR_TASK_QUEUE, args: [] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: `${Math.max(intervalMinutes, 5)} minutes` },
  });
}

/** Samples the backlog every few seconds for `ms`; answers its peak. */
async function sampleBacklog(ms: number, backlog: () => Promise<number | null>): Promise<number | null> {
  const end = Date.now() + ms;
  let peak: number | null = null;
  while (Date.now() < end) {
    await sleep(Math.min(SAMPLE_MS, Math.max(0, end - Date.now())));
    const count = await backlog();
    if (count !== null) peak = Math.max(peak ?? 0, count);
  }
  return peak;
}

/** Workflow tasks waiting on the main queue for a worker (null when the server does not report it). */
async function workflowBacklog(stack: BenchStack): Promise<number | null> {
  try {
    const answer = await stack.client.workflowService.describeTaskQueue({
      namespace: stack.client.options.namespace,
      taskQueue: { name: stack.config.taskQueue, kind: proto.temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      reportStats: true,
    });
    const count = answer.stats?.approximateBacklogCount;
    return count === undefined || count === null ? null : Number(count);
  } catch {
    return null;
  }
}

/** A call that may miss its deadline on a loaded machine, which says nothing of the lag: asked again. */
async function patiently<T>(call: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(1_000 * attempt);
    }
  }
}

/** Transactions committed in the bench's database so far, and sync runs recorded. */
async function postgresWork(stack: BenchStack): Promise<{ transactions: number; syncRuns: number }> {
  // The cumulative statistics are flushed about once a second: wait for this cycle's to land.
  await sleep(1_500);
  const stats = await sql<{ n: string }>`select xact_commit::text as n from pg_stat_database where datname = current_database()`.execute(stack.db);
  const runs = await stack.db.selectFrom('sync_runs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { transactions: Number(stats.rows[0]?.n ?? 0), syncRuns: Number(runs.n) };
}

/**
 * Each schedule's first action from the schedule list (one paged read of visibility: a describe
 * is a query to the schedule's own workflow, which times out on a busy dev server), and when a
 * worker first picked up the workflow it started, from that workflow's history.
 */
async function collectLags(client: Client, scheduleIds: string[]) {
  const firstActions = new Map<string, ScheduleExecutionResult>();
  const wanted = new Set(scheduleIds);
  for await (const schedule of client.schedule.list()) {
    const first = schedule.info.recentActions[0];
    if (wanted.has(schedule.scheduleId) && first) firstActions.set(schedule.scheduleId, first);
  }
  const lags: Lag[] = [];
  const costs: RunCost[] = [];
  let unreadable = 0;
  const fired = [...firstActions.values()];
  await inParallel(fired.length, COLLECT_IN_FLIGHT, async (i) => {
    const first = fired[i]!;
    if (first.action.type !== 'startWorkflow') return;
    const { workflowId, firstExecutionRunId } = first.action.workflow;
    try {
      const history = await patiently(() => client.workflow.getHandle(workflowId, firstExecutionRunId).fetchHistory());
      const events = history.events ?? [];
      const picked = events.find((e) => e.workflowTaskStartedEventAttributes)?.eventTime;
      costs.push({
        historyEvents: events.length,
        workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
        activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
      });
      const due = first.scheduledAt.getTime();
      lags.push({
        startS: (first.takenAt.getTime() - due) / 1000,
        pickupS: picked ? (Number(picked.seconds ?? 0) * 1000 + (picked.nanos ?? 0) / 1e6 - due) / 1000 : Number.POSITIVE_INFINITY,
      });
    } catch {
      unreadable++;
    }
  });
  return { lags, costs, notFired: scheduleIds.length - firstActions.size, unreadable };
}
