import type { AuditEventsTable } from './tables/audit-events.js';
import type { BackfillsTable } from './tables/backfills.js';
import type { ConnectSessionsTable } from './tables/connect-sessions.js';
import type { ConnectionsTable } from './tables/connections.js';
import type { ConsoleSessionsTable } from './tables/console-sessions.js';
import type { EventsTable } from './tables/events.js';
import type { IdempotencyKeysTable } from './tables/idempotency-keys.js';
import type { DerivedKpiValuesTable } from './tables/derived-kpi-values.js';
import type { KpiValuesTable } from './tables/kpi-values.js';
import type { OAuthStatesTable } from './tables/oauth-states.js';
import type { ProviderCallsTable } from './tables/provider-calls.js';
import type { SyncRunsTable } from './tables/sync-runs.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from './tables/webhooks.js';

/** The one description of the database Kysely checks every query against. */
export interface Database {
  connections: ConnectionsTable;
  sync_runs: SyncRunsTable;
  kpi_values: KpiValuesTable;
  derived_kpi_values: DerivedKpiValuesTable;
  idempotency_keys: IdempotencyKeysTable;
  oauth_states: OAuthStatesTable;
  backfills: BackfillsTable;
  audit_events: AuditEventsTable;
  events: EventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  console_sessions: ConsoleSessionsTable;
  connect_sessions: ConnectSessionsTable;
  provider_calls: ProviderCallsTable;
}
