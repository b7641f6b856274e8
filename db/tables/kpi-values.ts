import type { Generated, Insertable, Selectable } from 'kysely';
import type { PeriodGranularity } from '../../domain/kpis.js';

export interface KpiValuesTable {
  connection_id: string;
  tenant_id: string;
  /** A catalog KPI key, or a raw metric's `<provider>.<metric>`. */
  kpi_key: string;
  /** The UTC day, YYYY-MM-DD (pg `date`, kept as a string so no time zone creeps in); a month's first day for monthly values. */
  period_start: string;
  granularity: Generated<PeriodGranularity>;
  value: number;
  unit: string;
  sync_run_id: string | null;
  updated_at: Generated<Date>;
}

export type KpiValueRow = Selectable<KpiValuesTable>;
export type NewKpiValue = Insertable<KpiValuesTable>;
