import type { Kysely, Transaction } from 'kysely';
import { setNextSyncAt, updateConnection } from '../db/repositories/connections.js';
import type { Database } from '../db/schema.js';
import type { ConnectionRow, ConnectionUpdate } from '../db/tables/connections.js';
import { intendedPaused } from './sync-intent.js';
import { nextScheduledSync } from './sync-schedules.js';

/** Statuses whose connection has a sync schedule (paused or not). */
export const SCHEDULED_STATUSES: readonly string[] = ['active', 'paused', 'error'];

export type NextSyncFacts = Pick<ConnectionRow, 'id' | 'status' | 'sync_interval_minutes' | 'sync_paused' | 'last_sync_error'>;
const factColumns = ['id', 'status', 'sync_interval_minutes', 'sync_paused', 'last_sync_error'] as const;

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
      .select(factColumns)
      .where('id', '=', connectionId)
      .executeTakeFirst());
  if (facts) await setNextSyncAt(db, connectionId, nextSyncAt(facts, now));
}

/**
 * A change of what the schedule does (pause, resume, interval) and the next run time it means,
 * in one transaction: no reader (nor the progress stream, notified on commit) sees the new
 * interval or pause beside the old next time. Computed from the row as the update left it, under
 * the update's lock, so a sync run recording itself meanwhile cannot leave it stale.
 */
export async function updateConnectionAndNextSync(
  db: Kysely<Database>,
  id: string,
  patch: ConnectionUpdate,
  now = new Date(),
): Promise<ConnectionRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const changed = await updateConnection(trx, id, patch);
    if (changed) await refreshNextSync(trx, id, now, changed);
    return changed;
  });
}

export interface NextSyncRepair extends NextSyncFacts {
  showed: Date | null;
  next: Date | null;
}

/**
 * Writes the next run time the row's spec gives, if the row shows another: re-read under the
 * row's lock and computed at `clock()` then, not from an earlier read, so a run or an API change
 * that wrote it since is neither undone nor raced (theirs waits for the lock, or is seen).
 * Answers what it changed, or undefined when the row already agreed (or is gone).
 */
export async function repairNextSync(db: Kysely<Database>, id: string, clock: () => Date): Promise<NextSyncRepair | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('connections').select([...factColumns, 'next_sync_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) return undefined;
    const next = nextSyncAt(row, clock());
    if (next?.getTime() === row.next_sync_at?.getTime()) return undefined;
    await setNextSyncAt(trx, id, next);
    return { ...row, showed: row.next_sync_at, next };
  });
}
