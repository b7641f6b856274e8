import type { Generated, Insertable, Selectable } from 'kysely';

export interface KpiValuesTable {
  connection_id: string;
  tenant_id: string;
  kpi_key: string;
  /** The UTC day, YYYY-MM-DD (pg `date`, kept as a string so no time zone creeps in). */
  period_start: string;
  value: number;
  unit: string;
  sync_run_id: string | null;
  updated_at: Generated<Date>;
}

export type KpiValueRow = Selectable<KpiValuesTable>;
export type NewKpiValue = Insertable<KpiValuesTable>;
