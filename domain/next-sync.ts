import { createHash } from 'node:crypto';
import type { ConnectionFacts } from './connection.js';
import { intendedPaused } from './sync-intent.js';

/** Statuses whose connection has a sync schedule (paused or not). */
export const SCHEDULED_STATUSES: readonly string[] = ['active', 'paused', 'error'];

/** The columns the next sync time is computed from. */
export const NEXT_SYNC_FACT_COLUMNS = ['id', 'status', 'sync_interval_minutes', 'sync_paused', 'last_sync_error'] as const satisfies readonly (keyof ConnectionFacts)[];
export type NextSyncFacts = Pick<ConnectionFacts, (typeof NEXT_SYNC_FACT_COLUMNS)[number]>;

/**
 * The run the connection's schedule starts next, as the row shows it: computed from the
 * schedule's spec (syncScheduleSpec below), none while the schedule is meant to be paused or
 * there is none. Computed, not described: a describe per change and per run was a Temporal
 * query each time, the slowest step of activation under load, and 333/s at 100,000
 * connections on 5 minutes. The reconciler keeps the schedules on the spec this assumes.
 */
export function nextSyncAt(row: NextSyncFacts, now: Date): Date | null {
  if (!SCHEDULED_STATUSES.includes(row.status) || intendedPaused(row)) return null;
  return nextScheduledSync(row.id, row.sync_interval_minutes, now);
}

/** A connection's fixed place within its interval, in whole seconds (Temporal rounds offsets to seconds). */
export function phaseSeconds(connectionId: string, intervalMinutes: number): number {
  return createHash('sha256').update(connectionId).digest().readUInt32BE(0) % (intervalMinutes * 60);
}

/**
 * When a connection's syncs fall within each interval: a fixed phase from its id, so the runs of
 * all connections spread evenly over the interval. Without it every schedule of an interval fired
 * at the interval's boundary, and 1,000 connections on 5 minutes meant 1,000 syncs due within the
 * jitter's 30 seconds, a backlog of minutes (issue 12). The phase is stable: a connection still
 * syncs exactly every interval. No jitter: the phases already spread the runs, and without it
 * the next run time is known without asking Temporal (nextScheduledSync).
 */
export function syncScheduleSpec(connectionId: string, intervalMinutes: number) {
  return { intervals: [{ every: `${intervalMinutes} minutes`, offset: `${phaseSeconds(connectionId, intervalMinutes)} seconds` }] };
}

/**
 * The first time after `after` at which syncScheduleSpec starts a run: Temporal's interval
 * times are the Unix epoch + n × every + offset. Lets the row show the next run without a
 * describe of the schedule per run (a query on the schedule's workflow, and under load the
 * slowest step of activation). test/e2e/next-sync-projection checks it against Temporal's own.
 */
export function nextScheduledSync(connectionId: string, intervalMinutes: number, after: Date): Date {
  const every = intervalMinutes * 60_000;
  const offset = phaseSeconds(connectionId, intervalMinutes) * 1_000;
  return new Date((Math.floor((after.getTime() - offset) / every) + 1) * every + offset);
}
