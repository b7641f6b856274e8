import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleSpecDescription } from '@temporalio/client';
import { phaseSeconds, syncScheduleSpec } from '../domain/next-sync.js';
import { RECONCILER_SCHEDULE_ID, syncScheduleId, workflowTypes, type SyncInput } from '../workflows/definitions.js';

/**
 * The one place that creates, pauses, triggers, describes and deletes a connection's sync
 * Schedule. Temporal's Schedule is the truth about when syncs run; Postgres only mirrors it.
 */
export interface SyncSchedules {
  /** Creates the schedule if missing (answers true); a second call for the same connection changes nothing. */
  ensure(connectionId: string, options: { intervalMinutes: number; triggerImmediately: boolean; paused?: boolean }): Promise<boolean>;
  trigger(connectionId: string): Promise<void>;
  pause(connectionId: string, note: string): Promise<void>;
  unpause(connectionId: string, note: string): Promise<void>;
  setInterval(connectionId: string, intervalMinutes: number): Promise<void>;
  /** Every connection id with a sync schedule of this task queue, its paused flag and spec (for the reconciler). */
  list(): Promise<ListedSyncSchedule[]>;
  describe(connectionId: string): Promise<SyncScheduleState | null>;
  remove(connectionId: string): Promise<void>;
}

export interface SyncScheduleState {
  paused: boolean;
  nextSyncAt: Date | null;
  /** Runs it has started, scheduled or triggered (one still running included). */
  actionsTaken: number;
}

export interface ListedSyncSchedule {
  connectionId: string;
  paused: boolean;
  spec: ScheduleSpecDescription | undefined;
}

const SCHEDULE_PREFIX = syncScheduleId('');

/** Whether a schedule's spec (as Temporal lists it) is the one syncScheduleSpec gives for this interval. */
export function isCurrentSpec(connectionId: string, intervalMinutes: number, spec: ScheduleSpecDescription | undefined): boolean {
  const interval = spec?.intervals?.[0];
  return (
    spec?.intervals?.length === 1 &&
    !spec.calendars?.length &&
    (spec.jitter ?? 0) === 0 &&
    interval?.every === intervalMinutes * 60_000 &&
    interval.offset === phaseSeconds(connectionId, intervalMinutes) * 1_000
  );
}

export function createSyncSchedules(client: Client, taskQueue: string): SyncSchedules {
  const setPaused = (connectionId: string, paused: boolean, note: string) =>
    client.schedule.getHandle(syncScheduleId(connectionId)).update((previous) => ({
      ...previous,
      state: { ...previous.state, paused, note },
    }));
  return {
    async ensure(connectionId, { intervalMinutes, triggerImmediately, paused = false }) {
      const args: [SyncInput] = [{ connectionId }];
      try {
        await client.schedule.create({
          scheduleId: syncScheduleId(connectionId),
          spec: syncScheduleSpec(connectionId, intervalMinutes),
          // Several Onramp deployments (or test runs) may share a namespace: each owns its queue's schedules.
          memo: { onrampTaskQueue: taskQueue },
          action: {
            type: 'startWorkflow',
            workflowType: workflowTypes.sync,
            workflowId: syncScheduleId(connectionId),
            taskQueue,
            args,
          },
          policies: {
            overlap: ScheduleOverlapPolicy.SKIP,
            // After an outage, run one catch-up sync rather than one per missed interval.
            catchupWindow: `${Math.max(intervalMinutes, 5)} minutes`,
          },
          state: { triggerImmediately, paused },
        });
        return true;
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        return false;
      }
    },
    async trigger(connectionId) {
      // A run in progress (or one still closing after it recorded itself) keeps this one waiting
      // instead of dropping it: "sync now" always leads to a run that starts after the request.
      await client.schedule.getHandle(syncScheduleId(connectionId)).trigger(ScheduleOverlapPolicy.BUFFER_ONE);
    },
    // Paused state is set with a full update, not the pause/unpause patch: against the 1.32 dev
    // server, an unpause patch that followed a pause patch was later lost (seen in
    // test/e2e/oauth-tokens.e2e.test.ts); the update is applied with the schedule's conflict token.
    async pause(connectionId, note) {
      await setPaused(connectionId, true, note);
    },
    async unpause(connectionId, note) {
      await setPaused(connectionId, false, note);
    },
    async setInterval(connectionId, intervalMinutes) {
      await client.schedule.getHandle(syncScheduleId(connectionId)).update((previous) => ({
        ...previous,
        spec: syncScheduleSpec(connectionId, intervalMinutes),
        policies: { ...previous.policies, catchupWindow: `${Math.max(intervalMinutes, 5)} minutes` },
      }));
    },
    async list() {
      const found: ListedSyncSchedule[] = [];
      for await (const schedule of client.schedule.list()) {
        if (!schedule.scheduleId.startsWith(SCHEDULE_PREFIX)) continue;
        if (schedule.memo?.onrampTaskQueue !== taskQueue) continue;
        found.push({ connectionId: schedule.scheduleId.slice(SCHEDULE_PREFIX.length), paused: schedule.state.paused, spec: schedule.spec });
      }
      return found;
    },
    async describe(connectionId) {
      try {
        const description = await client.schedule.getHandle(syncScheduleId(connectionId)).describe();
        return {
          paused: description.state.paused,
          nextSyncAt: description.info.nextActionTimes[0] ?? null,
          actionsTaken: Math.max(description.info.numActionsTaken, description.info.recentActions.length + description.info.runningActions.length),
        };
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return null;
        throw error;
      }
    },
    async remove(connectionId) {
      try {
        await client.schedule.getHandle(syncScheduleId(connectionId)).delete();
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      }
    },
  };
}

/**
 * The reconciler runs every 5 minutes on its own Schedule, and once now (worker start), so
 * drift between Schedules and connections never outlives a few minutes.
 */
export async function ensureReconcilerSchedule(client: Client, taskQueue: string): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: RECONCILER_SCHEDULE_ID,
      spec: { intervals: [{ every: '5 minutes' }] },
      action: { type: 'startWorkflow', workflowType: workflowTypes.reconciler, workflowId: RECONCILER_SCHEDULE_ID, taskQueue, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '5 minutes' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(RECONCILER_SCHEDULE_ID).trigger(ScheduleOverlapPolicy.SKIP);
}
