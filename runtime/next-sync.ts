import type { ConnectionRow } from '../db/tables/connections.js';
import { intendedPaused } from './sync-intent.js';
import { nextScheduledSync } from './sync-schedules.js';

/** Statuses whose connection has a sync schedule (paused or not). */
export const SCHEDULED_STATUSES: readonly string[] = ['active', 'paused', 'error'];

/** The columns the next sync time is computed from. */
export const NEXT_SYNC_FACT_COLUMNS = ['id', 'status', 'sync_interval_minutes', 'sync_paused', 'last_sync_error'] as const;
export type NextSyncFacts = Pick<ConnectionRow, (typeof NEXT_SYNC_FACT_COLUMNS)[number]>;

/**
 * The run the connection's schedule starts next, as the row shows it: computed from the
 * schedule's spec (runtime/sync-schedules.ts), none while the schedule is meant to be paused or
 * there is none. Computed, not described: a describe per change and per run was a Temporal
 * query each time, the slowest step of activation under load, and 333/s at 100,000
 * connections on 5 minutes. The reconciler keeps the schedules on the spec this assumes.
 */
export function nextSyncAt(row: NextSyncFacts, now: Date): Date | null {
  if (!SCHEDULED_STATUSES.includes(row.status) || intendedPaused(row)) return null;
  return nextScheduledSync(row.id, row.sync_interval_minutes, now);
}
