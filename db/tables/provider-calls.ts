import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

/** One request to a vendor, as the call log keeps it (providers/call-log.ts); never a credential. */
export interface ProviderCallsTable {
  id: Generated<string>;
  connection_id: string;
  /** The sync or backfill run that made it; null for an onboarding test. */
  sync_run_id: string | null;
  /** The onboarding's connection test it belonged to (its `attempts` then); null for a run. */
  onboarding_attempt: number | null;
  /** Temporal's try of the activity that made it: a retried call shows as the next try. */
  activity_attempt: number;
  at: Date;
  method: string;
  host: string;
  path: string;
  query_keys: string[];
  status: number | null;
  duration_ms: number;
  retry_after_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  request_ids: JSONColumnType<Record<string, string>, string, string>;
}

export type ProviderCallRow = Selectable<ProviderCallsTable>;
export type NewProviderCall = Insertable<ProviderCallsTable>;
