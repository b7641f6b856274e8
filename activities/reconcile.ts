import { log } from '@temporalio/activity';
import { repairNextSync, type NextSyncRepair } from '../db/repositories/connections.js';
import { nextSyncAt, SCHEDULED_STATUSES } from '../domain/next-sync.js';
import { intendedPaused } from '../domain/sync-intent.js';
import { isCurrentSpec } from '../platform/sync-schedules.js';
import type { ActivityDeps } from './deps.js';

export interface Repair {
  connectionId: string;
  repair: 'created' | 'deleted' | 'paused' | 'unpaused' | 'respecified' | 'next_sync_at';
  reason: string;
}

function nextSyncReason({ status, showed, next }: NextSyncRepair): string {
  if (!SCHEDULED_STATUSES.includes(status)) return `connection is ${status} but showed a next sync`;
  const shown = (d: Date | null) => d?.toISOString() ?? 'none';
  return `showed ${shown(showed)}, the schedule's spec says ${shown(next)}`;
}

/**
 * Temporal's Schedules are the truth about when syncs run and `connections` mirrors the
 * intent; this repairs drift between them in both directions and says what it did.
 */
export function reconcileActivities({ db, schedules, clock }: ActivityDeps) {
  return {
    async reconcileSchedules(): Promise<Repair[]> {
      const repairs: Repair[] = [];
      // Schedules first, then the rows: what a run or the API does to both meanwhile (pause a
      // schedule, then mark the row) is then seen in the rows, so a repair only ever moves a
      // schedule towards what the connection wants now, never undoes a change made while listing.
      const existing = await schedules.list();
      const scheduled = new Map(existing.map((s) => [s.connectionId, s]));
      const rows = await db.selectFrom('connections').selectAll().execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const now = clock();

      for (const row of rows) {
        // The row's next time is a pure function of the row: any other value is drift (a run
        // that never recorded itself, a failed write, a change of the computation), future or
        // not. A mismatch with the read above is only a candidate (a run may have fired or
        // recorded itself since, the API may have changed the interval): repairNextSync decides
        // from the row re-read under its lock, at the time of the write.
        if (nextSyncAt(row, now)?.getTime() !== row.next_sync_at?.getTime()) {
          const repaired = await repairNextSync(db, row.id, clock);
          if (repaired) repairs.push({ connectionId: row.id, repair: 'next_sync_at', reason: nextSyncReason(repaired) });
        }
        if (!SCHEDULED_STATUSES.includes(row.status)) continue;
        const paused = intendedPaused(row);
        const schedule = scheduled.get(row.id);
        if (!schedule) {
          const created = await schedules.ensure(row.id, { intervalMinutes: row.sync_interval_minutes, triggerImmediately: false, paused });
          if (created) repairs.push({ connectionId: row.id, repair: 'created', reason: `connection is ${row.status} but had no schedule` });
        } else if (schedule.paused !== paused) {
          const reason = `schedule was ${schedule.paused ? 'paused' : 'running'} but the connection wants it ${paused ? 'paused' : 'running'}`;
          if (paused) await schedules.pause(row.id, 'paused by the reconciler');
          else await schedules.unpause(row.id, 'resumed by the reconciler');
          repairs.push({ connectionId: row.id, repair: paused ? 'paused' : 'unpaused', reason });
        }
        // Schedules made before the spec lost its jitter, or whose interval drifted from the row's:
        // the row's next time is computed from the spec, so the spec must be the one it assumes.
        if (schedule && !isCurrentSpec(row.id, row.sync_interval_minutes, schedule.spec)) {
          await schedules.setInterval(row.id, row.sync_interval_minutes);
          repairs.push({ connectionId: row.id, repair: 'respecified', reason: `schedule's spec was not every ${row.sync_interval_minutes} minutes at its phase, without jitter` });
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
