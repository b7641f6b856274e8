import { log } from '@temporalio/activity';
import { setNextSyncAt } from '../db/repositories/connections.js';
import type { ConnectionRow } from '../db/tables/connections.js';
import { nextSyncAt, SCHEDULED_STATUSES } from '../runtime/next-sync.js';
import { intendedPaused } from '../runtime/sync-intent.js';
import { isCurrentSpec } from '../runtime/sync-schedules.js';
import type { ActivityDeps } from './deps.js';

export interface Repair {
  connectionId: string;
  repair: 'created' | 'deleted' | 'paused' | 'unpaused' | 'respecified' | 'next_sync_at';
  reason: string;
}

/**
 * Whether the row's copy of the next run time may be stale: missing for a running schedule, kept
 * for a paused one, or already past (a run that never recorded itself, or a write that failed).
 * A future time is trusted until the next change refreshes it.
 */
function projectionSuspect(row: ConnectionRow, paused: boolean, now: Date): boolean {
  if (paused) return row.next_sync_at !== null;
  return row.next_sync_at === null || row.next_sync_at < now;
}

/**
 * Temporal's Schedules are the truth about when syncs run and `connections` mirrors the
 * intent; this repairs drift between them in both directions and says what it did.
 */
export function reconcileActivities({ db, schedules, clock }: ActivityDeps) {
  return {
    async reconcileSchedules(): Promise<Repair[]> {
      const repairs: Repair[] = [];
      const rows = await db.selectFrom('connections').selectAll().execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const existing = await schedules.list();
      const scheduled = new Map(existing.map((s) => [s.connectionId, s]));
      const now = clock();

      for (const row of rows) {
        if (!SCHEDULED_STATUSES.includes(row.status)) {
          if (row.next_sync_at !== null) {
            await setNextSyncAt(db, row.id, null);
            repairs.push({ connectionId: row.id, repair: 'next_sync_at', reason: `connection is ${row.status} but showed a next sync` });
          }
          continue;
        }
        const paused = intendedPaused(row);
        const schedule = scheduled.get(row.id);
        let changed = false;
        if (!schedule) {
          const created = await schedules.ensure(row.id, { intervalMinutes: row.sync_interval_minutes, triggerImmediately: false, paused });
          if (created) repairs.push({ connectionId: row.id, repair: 'created', reason: `connection is ${row.status} but had no schedule` });
          changed = created;
        } else if (schedule.paused !== paused) {
          const reason = `schedule was ${schedule.paused ? 'paused' : 'running'} but the connection wants it ${paused ? 'paused' : 'running'}`;
          if (paused) await schedules.pause(row.id, 'paused by the reconciler');
          else await schedules.unpause(row.id, 'resumed by the reconciler');
          repairs.push({ connectionId: row.id, repair: paused ? 'paused' : 'unpaused', reason });
          changed = true;
        }
        // Schedules made before the spec lost its jitter, or whose interval drifted from the row's:
        // the row's next time is computed from the spec, so the spec must be the one it assumes.
        if (schedule && !isCurrentSpec(row.id, row.sync_interval_minutes, schedule.spec)) {
          await schedules.setInterval(row.id, row.sync_interval_minutes);
          repairs.push({ connectionId: row.id, repair: 'respecified', reason: `schedule's spec was not every ${row.sync_interval_minutes} minutes at its phase, without jitter` });
          changed = true;
        }
        if (changed || projectionSuspect(row, paused, now)) {
          const next = nextSyncAt(row, now);
          if (next?.getTime() !== row.next_sync_at?.getTime()) {
            await setNextSyncAt(db, row.id, next);
            const shown = (d: Date | null) => d?.toISOString() ?? 'none';
            repairs.push({ connectionId: row.id, repair: 'next_sync_at', reason: `showed ${shown(row.next_sync_at)}, the schedule's spec says ${shown(next)}` });
          }
        }
      }
      for (const schedule of existing) {
        const row = byId.get(schedule.connectionId);
        if (row && row.status !== 'disconnected') continue;
        await schedules.remove(schedule.connectionId);
        repairs.push({ connectionId: schedule.connectionId, repair: 'deleted', reason: row ? 'connection is disconnected' : 'connection does not exist' });
      }
      for (const r of repairs) log.info('reconciler repaired drift', { ...r });
      return repairs;
    },
  };
}
