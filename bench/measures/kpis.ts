import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertConnection } from '../../db/repositories/connections.js';
import { latestKpiValues, listKpiValues } from '../../db/repositories/kpi-values.js';
import type { Database } from '../../db/schema.js';
import { fetchDemoPoints, upsertPoints } from '../floor-activities.js';
import { percentile, timed } from '../pair.js';

const ms = (x: number) => +x.toFixed(2);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The repository's own figures (no floor: they are the floor of every sync): a year of daily KPIs per statement. */
export async function measureKpis(db: Kysely<Database>, connections: number, days: number) {
  const ids: string[] = [];
  for (let i = 0; i < connections; i++) {
    const row = await insertConnection(db, {
      id: randomUUID(), tenant_id: 'bench', integration: 'demo', name: `kpi-bench-${i}`, status: 'active', config: '{}',
      credentials_encrypted: null, onboarding_step: 'done', onboarding_state: 'completed', onboarding_last_error: null, sync_interval_minutes: 60,
    });
    ids.push(row.id);
  }
  const points = await fetchDemoPoints({ from: new Date(Date.UTC(2025, 0, 1)).toISOString(), to: new Date(Date.UTC(2025, 0, 1 + days)).toISOString() });

  // First insert, then the same again (the conflict path every later sync takes).
  const insertMs: number[] = [];
  const rewriteMs: number[] = [];
  for (const id of ids) insertMs.push((await timed(() => upsertPoints(db, id, points))).ms);
  for (const id of ids) rewriteMs.push((await timed(() => upsertPoints(db, id, points))).ms);

  const pageMs: number[] = [];
  const latestMs: number[] = [];
  for (const id of ids.slice(0, 20)) {
    pageMs.push((await timed(() => listKpiValues(db, { tenantId: 'bench', connectionId: id, key: 'revenue', from: '2025-06-01', limit: 100 }))).ms);
    latestMs.push((await timed(() => latestKpiValues(db, { tenantId: 'bench', connectionId: id }))).ms);
  }
  const rows = points.length * ids.length;
  return {
    kpiUpsert: {
      rowsPerStatement: points.length,
      statements: ids.length,
      insertRowsPerSecond: Math.round(rows / (sum(insertMs) / 1000)),
      rewriteRowsPerSecond: Math.round(rows / (sum(rewriteMs) / 1000)),
      insertP50Ms: ms(percentile(insertMs, 0.5)),
      insertP95Ms: ms(percentile(insertMs, 0.95)),
      rewriteP50Ms: ms(percentile(rewriteMs, 0.5)),
    },
    kpiReads: {
      tableRows: rows,
      pageOf100P50Ms: ms(percentile(pageMs, 0.5)),
      latestPerConnectionP50Ms: ms(percentile(latestMs, 0.5)),
    },
  };
}
