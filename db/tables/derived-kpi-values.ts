import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';
import type { DerivedStatus } from '../../domain/derived-kpis.js';
import type { PeriodGranularity } from '../../domain/kpis.js';

/** One input's share of a derived value: which connection, which runs wrote the rows summed. */
export interface DerivedInputProvenance {
  /** The formula's operand (e.g. `spend`) and the metric read for it. */
  operand: string;
  metric: string;
  integration: string;
  connectionId: string;
  unit: string;
  value: number;
  /** The sync or backfill runs that wrote the rows summed (ids of sync_runs). */
  syncRunIds: string[];
}

export interface DerivedProvenance {
  inputs: DerivedInputProvenance[];
  /** The run whose write made this computation happen. */
  trigger: { connectionId: string; syncRunId: string };
}

export interface DerivedKpiValuesTable {
  tenant_id: string;
  kpi_key: string;
  /** First day of the period (pg `date`, kept as a string). */
  period_start: string;
  granularity: PeriodGranularity;
  status: DerivedStatus;
  value: number | null;
  unit: string | null;
  /** Integration slugs with no value for the period (status needs_inputs). */
  missing: JSONColumnType<string[], string, string>;
  provenance: JSONColumnType<DerivedProvenance, string, string>;
  computed_at: Generated<Date>;
}

export type DerivedKpiValueRow = Selectable<DerivedKpiValuesTable>;
export type NewDerivedKpiValue = Insertable<DerivedKpiValuesTable>;
