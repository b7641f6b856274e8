import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { syncScheduleId, workflowTypes, type SyncInput } from '../workflows/definitions.js';

/**
 * The one place that creates, pauses, triggers, describes and deletes a connection's sync
 * Schedule. Temporal's Schedule is the truth about when syncs run; Postgres only mirrors it.
 */
export interface SyncSchedules {
  /** Creates the schedule if missing; a second call for the same connection changes nothing. */
  ensure(connectionId: string, options: { intervalMinutes: number; triggerImmediately: boolean }): Promise<void>;
  trigger(connectionId: string): Promise<void>;
  pause(connectionId: string, note: string): Promise<void>;
  describe(connectionId: string): Promise<SyncScheduleState | null>;
  remove(connectionId: string): Promise<void>;
}

export interface SyncScheduleState {
  paused: boolean;
  intervalMinutes: number | null;
  nextSyncAt: Date | null;
}

export function createSyncSchedules(client: Client, taskQueue: string): SyncSchedules {
  return {
    async ensure(connectionId, { intervalMinutes, triggerImmediately }) {
      const args: [SyncInput] = [{ connectionId }];
      try {
        await client.schedule.create({
          scheduleId: syncScheduleId(connectionId),
          spec: {
            intervals: [{ every: `${intervalMinutes} minutes` }],
            // Spread thousands of connections over the interval instead of firing them together.
            jitter: `${Math.max(1, Math.floor(intervalMinutes * 6))} seconds`,
          },
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
          state: { triggerImmediately },
        });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      }
    },
    async trigger(connectionId) {
      await client.schedule.getHandle(syncScheduleId(connectionId)).trigger(ScheduleOverlapPolicy.SKIP);
    },
    async pause(connectionId, note) {
      await client.schedule.getHandle(syncScheduleId(connectionId)).pause(note);
    },
    async describe(connectionId) {
      try {
        const description = await client.schedule.getHandle(syncScheduleId(connectionId)).describe();
        const every = description.spec.intervals?.[0]?.every;
        return {
          paused: description.state.paused,
          intervalMinutes: typeof every === 'number' ? every / 60_000 : null,
          nextSyncAt: description.info.nextActionTimes[0] ?? null,
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
