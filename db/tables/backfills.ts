import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';
import type { BackfillStatus } from '../../domain/backfill.js';
import type { LastError } from '../../domain/connection.js';

export interface BackfillsTable {
  id: string;
  connection_id: string;
  /** Inclusive UTC days, YYYY-MM-DD. */
  period_from: string;
  period_to: string;
  status: BackfillStatus;
  chunks_total: number;
  chunks_done: Generated<number>;
  kpis_written: Generated<number>;
  error: JSONColumnType<LastError | null, string | null, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type BackfillRow = Selectable<BackfillsTable>;
export type NewBackfill = Insertable<BackfillsTable>;
