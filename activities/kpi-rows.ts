import type { ConnectionRow } from '../db/tables/connections.js';
import type { NewKpiValue } from '../db/tables/kpi-values.js';
import { isMetricKey } from '../domain/kpis.js';
import type { KpiPoint, ProviderDefinition } from '../providers/contract.js';

/**
 * A provider's points as the rows a sync or backfill writes: each with its period's length (the
 * point's, else the provider's, else a day), and only keys the provider declares (its `kpis`, or
 * its own `metrics`): a key it never declared is a bug in the adapter, refused before it lands.
 */
export function kpiRows(
  provider: Pick<ProviderDefinition, 'slug' | 'kpis' | 'metrics' | 'granularity'>,
  connection: Pick<ConnectionRow, 'id' | 'tenant_id'>,
  syncRunId: string,
  points: KpiPoint[],
): NewKpiValue[] {
  return points.map((p) => {
    const declared = isMetricKey(p.key) ? p.key in (provider.metrics ?? {}) : p.key in provider.kpis;
    if (!declared) throw new Error(`provider ${provider.slug} wrote "${p.key}", which it does not declare among its kpis or metrics`);
    return {
      connection_id: connection.id,
      tenant_id: connection.tenant_id,
      kpi_key: p.key,
      period_start: p.period,
      granularity: p.granularity ?? provider.granularity ?? 'day',
      value: p.value,
      unit: p.unit,
      sync_run_id: syncRunId,
    };
  });
}
