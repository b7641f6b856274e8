import { describe, expect, it } from 'vitest';
import { kpiRows } from '../../activities/kpi-rows.js';

const connection = { id: '00000000-0000-4000-8000-000000000001', tenant_id: 'acme' };
const provider = { slug: 'ledger', kpis: { revenue: 'sales' }, metrics: { 'ledger.marketing_spend': { unit: 'EUR', description: 'spend' } } };

describe('kpiRows: what a sync writes from a provider\'s points', () => {
  it('writes declared KPIs and metrics, a day long unless the point or the provider says otherwise', () => {
    const rows = kpiRows(provider, connection, 'run-1', [
      { key: 'revenue', period: '2026-12-01', value: 10, unit: 'EUR' },
      { key: 'ledger.marketing_spend', period: '2026-11-01', value: 5, unit: 'EUR', granularity: 'month' },
    ]);
    expect(rows.map((r) => [r.kpi_key, r.granularity])).toEqual([
      ['revenue', 'day'],
      ['ledger.marketing_spend', 'month'],
    ]);
    expect(kpiRows({ ...provider, granularity: 'month' }, connection, 'run-1', [{ key: 'revenue', period: '2026-11-01', value: 1, unit: 'EUR' }])[0]!.granularity).toBe('month');
  });

  it('refuses a KPI or metric the provider does not declare', () => {
    expect(() => kpiRows(provider, connection, 'run-1', [{ key: 'website_traffic', period: '2026-12-01', value: 1, unit: 'count' }])).toThrow(/does not declare/);
    expect(() => kpiRows(provider, connection, 'run-1', [{ key: 'other.new_customers', period: '2026-12-01', value: 1, unit: 'count' }])).toThrow(/other\.new_customers/);
  });
});
