import { fetchedMetrics } from '../../providers/contract.js';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertConnection } from '../../db/repositories/connections.js';
import { latestKpiValues, listKpiValues, upsertKpiValues } from '../../db/repositories/kpi-values.js';
import type { Database } from '../../db/schema.js';
import { demoProvider } from '../../providers/demo.js';
import { createTestDatabase } from '../helpers/database.js';

describe('KPI upsert (real Postgres)', () => {
  let db: Kysely<Database>;
  const connectionId = randomUUID();

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    await insertConnection(db, {
      id: connectionId,
      tenant_id: 'acme',
      integration: 'demo',
      name: 'shop',
      status: 'active',
      config: '{}',
      credentials_encrypted: null,
      onboarding_step: 'done',
      onboarding_state: 'completed',
      onboarding_last_error: null,
      sync_interval_minutes: 60,
    });
  });
  afterAll(async () => db?.destroy());

  const rowsFor = async (window: { from: string; to: string }) =>
    fetchedMetrics(await demoProvider.fetchMetrics({ config: {}, credentials: { apiKey: 'k' }, attempt: 1, signal: undefined, endpoints: {} }, window)).points.map(
      (p) => ({
        connection_id: connectionId,
        tenant_id: 'acme',
        kpi_key: p.key,
        period_start: p.period,
        value: p.value,
        unit: p.unit,
        sync_run_id: null,
      }),
    );

  it('writes the same window twice as one row per (connection, KPI, period)', async () => {
    const window = { from: '2026-10-01T00:00:00Z', to: '2026-10-08T00:00:00Z' };
    expect(await upsertKpiValues(db, await rowsFor(window))).toBe(21);
    const before = await db.selectFrom('kpi_values').select(['kpi_key', 'period_start', 'value']).orderBy('period_start').orderBy('kpi_key').execute();
    expect(await upsertKpiValues(db, await rowsFor(window))).toBe(21);
    const after = await db.selectFrom('kpi_values').select(['kpi_key', 'period_start', 'value']).orderBy('period_start').orderBy('kpi_key').execute();
    expect(after).toHaveLength(21);
    expect(after).toEqual(before);
  });

  it('overwrites a period with its newer value (today, written again until it closes)', async () => {
    const [first] = await rowsFor({ from: '2026-10-07T00:00:00Z', to: '2026-10-07T06:00:00Z' });
    await upsertKpiValues(db, [{ ...first!, value: 12345 }]);
    const row = await db
      .selectFrom('kpi_values')
      .selectAll()
      .where('kpi_key', '=', first!.kpi_key)
      .where('period_start', '=', '2026-10-07')
      .executeTakeFirstOrThrow();
    expect(row.value).toBe(12345);
    expect(row.period_start).toBe('2026-10-07');
  });

  it('pages through values with a cursor and finds the newest per key', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listKpiValues(db, { tenantId: 'acme', limit: 8, cursor });
      seen.push(...page.items.map((i) => `${i.period_start}/${i.kpi_key}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(21);
    expect(new Set(seen).size).toBe(21);
    expect(await listKpiValues(db, { tenantId: 'other', limit: 8 })).toEqual({ items: [], nextCursor: null });
    const latest = await latestKpiValues(db, { tenantId: 'acme', connectionId });
    expect(latest.map((l) => [l.kpi_key, l.period_start])).toEqual([
      ['conversion_rate', '2026-10-07'],
      ['revenue', '2026-10-07'],
      ['website_traffic', '2026-10-07'],
    ]);
  });
});
