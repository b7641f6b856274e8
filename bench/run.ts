/**
 * `npm run bench`: speed and memory of the hot paths, on a real embedded Postgres.
 * Figures go to bench/results.json (committed, so changes show in review); nothing here
 * asserts a time — tests never do.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDatabase, migrateToLatest } from '../db/database.js';
import { insertConnection } from '../db/repositories/connections.js';
import { latestKpiValues, listKpiValues, upsertKpiValues } from '../db/repositories/kpi-values.js';
import { demoProvider } from '../providers/demo.js';
import { projectRoot } from '../runtime/embedded/project-root.js';
import { startEmbeddedPostgres } from '../runtime/embedded/postgres.js';

const CONNECTIONS = 50;
const DAYS = 365;

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)] ?? 0;

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'onramp-bench-'));
  const pg = await startEmbeddedPostgres({ parentDir: dir, database: 'bench' });
  const db = createDatabase(pg.url);
  try {
    await migrateToLatest(db);
    const ids: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const id = randomUUID();
      ids.push(id);
      await insertConnection(db, {
        id, tenant_id: `t${i % 5}`, integration: 'demo', name: `c${i}`, status: 'active', config: '{}',
        credentials_encrypted: null, onboarding_step: 'done', onboarding_state: 'completed', onboarding_last_error: null,
        sync_interval_minutes: 60,
      });
    }
    const window = { from: new Date(Date.UTC(2025, 0, 1)).toISOString(), to: new Date(Date.UTC(2025, 0, 1 + DAYS)).toISOString() };
    const points = await demoProvider.fetchMetrics({ config: {}, credentials: { apiKey: 'k' }, attempt: 1, signal: undefined, endpoints: {} }, window);
    const rowsFor = (id: string) =>
      points.map((p) => ({ connection_id: id, tenant_id: 't', kpi_key: p.key, period_start: p.period, value: p.value, unit: p.unit, sync_run_id: null }));

    // A year of daily KPIs per connection in one statement: first insert, then the same again (conflict path).
    const insertMs: number[] = [];
    const rewriteMs: number[] = [];
    for (const id of ids) insertMs.push((await timed(() => upsertKpiValues(db, rowsFor(id)))).ms);
    for (const id of ids) rewriteMs.push((await timed(() => upsertKpiValues(db, rowsFor(id)))).ms);
    const rowsPerRun = points.length;

    const pageMs: number[] = [];
    const latestMs: number[] = [];
    for (const id of ids.slice(0, 20)) {
      pageMs.push((await timed(() => listKpiValues(db, { tenantId: 't', connectionId: id, key: 'revenue', from: '2025-06-01', limit: 100 }))).ms);
      latestMs.push((await timed(() => latestKpiValues(db, { tenantId: 't', connectionId: id }))).ms);
    }

    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const results = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
      kpiUpsert: {
        rowsPerStatement: rowsPerRun,
        statements: ids.length,
        insertRowsPerSecond: Math.round((rowsPerRun * ids.length) / (sum(insertMs) / 1000)),
        rewriteRowsPerSecond: Math.round((rowsPerRun * ids.length) / (sum(rewriteMs) / 1000)),
        insertP50Ms: +percentile(insertMs, 0.5).toFixed(2),
        insertP95Ms: +percentile(insertMs, 0.95).toFixed(2),
        rewriteP50Ms: +percentile(rewriteMs, 0.5).toFixed(2),
      },
      kpiReads: {
        tableRows: rowsPerRun * ids.length,
        pageOf100P50Ms: +percentile(pageMs, 0.5).toFixed(2),
        latestPerConnectionP50Ms: +percentile(latestMs, 0.5).toFixed(2),
      },
      memory: { rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20), heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) },
    };
    await writeFile(join(projectRoot, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await db.destroy();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
