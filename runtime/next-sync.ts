import type { Kysely, Transaction } from 'kysely';
import { setNextSyncAt } from '../db/repositories/connections.js';
import type { Database } from '../db/schema.js';
import type { ConnectionRow } from '../db/tables/connections.js';
import { intendedPaused } from './sync-intent.js';
import { nextScheduledSync } from './sync-schedules.js';

/** Statuses whose connection has a sync schedule (paused or not). */
export const SCHEDULED_STATUSES: readonly string[] = ['active', 'paused', 'error'];

export type NextSyncFacts = Pick<ConnectionRow, 'id' | 'status' | 'sync_interval_minutes' | 'sync_paused' | 'last_sync_error'>;

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

/**
 * Called by whatever just changed what the schedule does (a run, pause, resume, interval, the
 * reconciler), so that reading a connection never has to ask Temporal. `row`: the connection as
 * the caller's change left it, when it has it (read here otherwise).
 */
export async function refreshNextSync(
  db: Kysely<Database> | Transaction<Database>,
  connectionId: string,
  now = new Date(),
  row?: NextSyncFacts,
): Promise<void> {
  const facts =
    row ??
    (await db
      .selectFrom('connections')
      .select(['id', 'status', 'sync_interval_minutes', 'sync_paused', 'last_sync_error'])
      .where('id', '=', connectionId)
      .executeTakeFirst());
  if (facts) await setNextSyncAt(db, connectionId, nextSyncAt(facts, now));
}
