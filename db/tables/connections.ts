import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from 'kysely';
import type { ConnectionStatus, OnboardingState, OnboardingStep } from '../../domain/connection-states.js';
import type { EndUser, LastError } from '../../domain/connection.js';
import type { MissingPeriod } from '../../domain/missing-periods.js';

export interface ConnectionsTable {
  id: string;
  tenant_id: string;
  integration: string;
  name: string;
  status: ConnectionStatus;
  config: JSONColumnType<Record<string, unknown>>;
  /** AES-256-GCM envelope (platform/crypto.ts); never plain text. */
  credentials_encrypted: string | null;
  onboarding_step: OnboardingStep;
  onboarding_state: OnboardingState;
  onboarding_attempts: Generated<number>;
  onboarding_last_error: JSONColumnType<LastError | null, string | null, string | null>;
  onboarding_updated_at: Generated<Date>;
  sync_interval_minutes: number;
  last_sync_at: Date | null;
  last_sync_status: string | null;
  last_sync_error: JSONColumnType<LastError | null, string | null, string | null>;
  /** What the user asked for (pause/resume); Temporal's schedule is repaired from it. */
  sync_paused: Generated<boolean>;
  /**
   * A projection of the Temporal Schedule's next action time (null while paused or without a
   * schedule), refreshed by whatever changes the schedule: reads never ask Temporal.
   */
  next_sync_at: Date | null;
  initial_history_days: Generated<number>;
  consecutive_failures: Generated<number>;
  /** Days the vendor would not answer, still to repair (domain/missing-periods.ts); each run asks for them first. */
  missing_periods: ColumnType<MissingPeriod[], string | undefined, string>;
  /** Who it was connected for, when a Connect session created it. */
  end_user: JSONColumnType<EndUser | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type ConnectionRow = Selectable<ConnectionsTable>;
export type NewConnection = Insertable<ConnectionsTable>;
export type ConnectionUpdate = Updateable<ConnectionsTable>;
