import type { Kysely } from 'kysely';
import { setNextSyncAt } from '../db/repositories/connections.js';
import type { Database } from '../db/schema.js';
import type { SyncSchedules } from './sync-schedules.js';

export interface NextSyncDeps {
  db: Kysely<Database>;
  schedules: SyncSchedules;
}

/**
 * The schedule's next run as Postgres keeps it: what Temporal says, except that a paused or
 * missing schedule has none (Temporal may still list times a paused schedule would use).
 */
export async function describeNextSync(schedules: SyncSchedules, connectionId: string): Promise<Date | null> {
  const state = await schedules.describe(connectionId);
  return state && !state.paused ? state.nextSyncAt : null;
}

/**
 * Called by whatever just changed a schedule (activation, a run, pause, resume, interval, the
 * reconciler), so that reading a connection never has to ask Temporal. Temporal stays the
 * truth: this copies it, never computes it.
 */
export async function refreshNextSync({ db, schedules }: NextSyncDeps, connectionId: string): Promise<void> {
  await setNextSyncAt(db, connectionId, await describeNextSync(schedules, connectionId));
}
