import type { Transaction } from 'kysely';
import { inputSums, lockTenantDerivedKpis, upsertDerivedKpiValue } from '../db/repositories/derived-kpis.js';
import type { Database } from '../db/schema.js';
import type { DerivedInputProvenance } from '../db/tables/derived-kpi-values.js';
import { derivedKpisUsing, evaluateDerivedKpi, monthOf, nextMonth, type DerivedKpiDefinition, type InputSum } from '../domain/derived-kpis.js';

/** What a sync or backfill just wrote: the keys and periods, and by whom. */
export interface WrittenPoints {
  tenantId: string;
  connectionId: string;
  syncRunId: string;
  points: { key: string; period: string }[];
}

/** Whether any written point is an input of a derived KPI (most syncs: none, and nothing to do). */
export const feedsDerivedKpis = (points: { key: string }[]): boolean => points.some((p) => derivedKpisUsing(p.key).length > 0);

/**
 * Recomputes every derived KPI of the tenant for each period an input was written for, inside
 * the transaction that wrote the inputs: the values and what they are made of commit together,
 * and a retried activity recomputes the same rows (idempotent). Returns how many values it wrote.
 */
export async function recomputeDerivedKpis(trx: Transaction<Database>, written: WrittenPoints): Promise<number> {
  const work = new Map<DerivedKpiDefinition, Set<string>>();
  for (const point of written.points) {
    for (const definition of derivedKpisUsing(point.key)) {
      const periods = work.get(definition) ?? new Set<string>();
      periods.add(monthOf(point.period));
      work.set(definition, periods);
    }
  }
  if (work.size === 0) return 0;
  await lockTenantDerivedKpis(trx, written.tenantId);
  let count = 0;
  for (const [definition, periods] of work) {
    for (const period of [...periods].sort()) {
      const sums: Record<string, InputSum[]> = {};
      const inputs: DerivedInputProvenance[] = [];
      for (const [operand, input] of Object.entries(definition.inputs)) {
        const rows = await inputSums(trx, { tenantId: written.tenantId, metric: input.metric, from: period, to: nextMonth(period) });
        sums[operand] = rows;
        inputs.push(...rows.map((r) => ({ operand, metric: input.metric, integration: input.integration, ...r })));
      }
      const outcome = evaluateDerivedKpi(definition, sums);
      await upsertDerivedKpiValue(trx, {
        tenant_id: written.tenantId,
        kpi_key: definition.key,
        period_start: period,
        granularity: definition.granularity,
        status: outcome.status,
        value: outcome.status === 'current' ? outcome.value : null,
        unit: outcome.status === 'current' ? outcome.unit : null,
        missing: JSON.stringify(outcome.status === 'needs_inputs' ? outcome.missing : []),
        provenance: JSON.stringify({ inputs, trigger: { connectionId: written.connectionId, syncRunId: written.syncRunId } }),
      });
      count += 1;
    }
  }
  return count;
}
