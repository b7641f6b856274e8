import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';
import type { LastError } from '../../domain/connection.js';
import type { SyncRunKind, SyncRunStatus } from '../../domain/sync-run.js';
import type { MissingPeriod } from '../../domain/missing-periods.js';

export interface SyncRunsTable {
  id: Generated<string>;
  connection_id: string;
  /** Temporal workflow id + run id: recording the same run twice updates one row. */
  workflow_id: string;
  workflow_run_id: string;
  window_start: Date;
  window_end: Date;
  status: SyncRunStatus;
  kind: Generated<SyncRunKind>;
  kpis_written: Generated<number>;
  /** Tries of the provider fetch (Temporal's attempt counter). */
  attempts: Generated<number>;
  error: JSONColumnType<LastError | null, string | null, string | null>;
  /** Days this run could not read, with why (status `partial`). */
  missing_periods: ColumnType<MissingPeriod[], string | undefined, string>;
  /** Days missing before that this run read (repaired). */
  repaired_periods: ColumnType<{ from: string; to: string }[], string | undefined, string>;
  started_at: Generated<Date>;
  finished_at: Date | null;
  duration_ms: number | null;
}

export type SyncRunRow = Selectable<SyncRunsTable>;
export type NewSyncRun = Insertable<SyncRunsTable>;
export type SyncRunUpdate = Updateable<SyncRunsTable>;
