import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { upsertKpiValues } from '../db/repositories/kpi-values.js';
import { fetchedMetrics, type KpiPoint } from '../providers/contract.js';
import { demoProvider } from '../providers/demo.js';
import { addDays, startOfUtcDay, type SyncWindow } from '../domain/periods.js';

/** The floor's own task queue, served by bench/floor-worker.ts. */
export const FLOOR_TASK_QUEUE = 'bench-floor';

/** The demo provider's points for a window, called as bare as it gets. */
export const fetchDemoPoints = async (window: SyncWindow): Promise<KpiPoint[]> =>
  fetchedMetrics(await demoProvider.fetchMetrics({ config: {}, credentials: { apiKey: 'bench' }, attempt: 1, signal: undefined, endpoints: {} }, window)).points;

/** One upsert of the points, through the repository function the sync uses. */
export const upsertPoints = (db: Kysely<Database>, connectionId: string, points: KpiPoint[]) =>
  upsertKpiValues(
    db,
    points.map((p) => ({ connection_id: connectionId, tenant_id: 'bench', kpi_key: p.key, period_start: p.period, value: p.value, unit: p.unit, sync_run_id: null })),
  );

/**
 * The floor of a sync: the demo provider's points for the window a first sync covers (the
 * initial 7 days to now), and one upsert of them. No connection row, no credentials, no run record.
 */
export function createFloorActivities({ db, clock = () => new Date() }: { db: Kysely<Database>; clock?: () => Date }) {
  return {
    async floorFetch(): Promise<KpiPoint[]> {
      const now = clock();
      const window = { from: startOfUtcDay(addDays(now, -7)).toISOString(), to: now.toISOString() };
      return fetchDemoPoints(window);
    },
    async floorUpsert(input: { connectionId: string; points: KpiPoint[] }): Promise<number> {
      return upsertPoints(db, input.connectionId, input.points);
    },
  };
}

export type FloorActivities = ReturnType<typeof createFloorActivities>;
