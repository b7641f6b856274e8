import { log } from '@temporalio/activity';
import type { ConnectionRow } from '../db/tables/connections.js';
import type { ActivityDeps } from './deps.js';
import { needsPersonCodes } from './sync.js';

export interface Repair {
  connectionId: string;
  repair: 'created' | 'deleted' | 'paused' | 'unpaused';
  reason: string;
}

/** Whether a connection's schedule should be paused: by its user, or until someone fixes auth. */
export function intendedPaused(row: Pick<ConnectionRow, 'sync_paused' | 'status' | 'last_sync_error'>): boolean {
  return row.sync_paused || (row.status === 'error' && needsPersonCodes.includes(row.last_sync_error?.code ?? ''));
}

/**
 * Temporal's Schedules are the truth about when syncs run and `connections` mirrors the
 * intent; this repairs drift between them in both directions and says what it did.
 */
export function reconcileActivities({ db, schedules }: ActivityDeps) {
  return {
    async reconcileSchedules(): Promise<Repair[]> {
      const repairs: Repair[] = [];
      const rows = await db.selectFrom('connections').selectAll().execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const existing = await schedules.list();
      const scheduled = new Map(existing.map((s) => [s.connectionId, s]));

      for (const row of rows) {
        if (!['active', 'paused', 'error'].includes(row.status)) continue;
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
