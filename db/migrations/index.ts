import type { Migration } from 'kysely';
import * as initial from './20261126T0900_initial.js';
import * as oauthStates from './20261126T1000_oauth_states.js';
import * as syncEngine from './20261126T1100_sync_engine.js';
import * as audit from './20261126T1200_audit.js';
import * as oneRunningBackfill from './20261129T0900_one_running_backfill.js';
import * as nextSyncAt from './20261129T1200_next_sync_at.js';
import * as events from './20261129T1500_events.js';
import * as webhooks from './20261129T1510_webhooks.js';
import * as consoleSessions from './20261129T1600_console_sessions.js';
import * as connectSessions from './20261129T1600_connect_sessions.js';
import * as kpiGranularity from './20261207T2100_kpi_granularity.js';
import * as connectSessionSettings from './20261207T2200_connect_session_settings.js';
import * as consoleSearch from './20261207T2200_console_search.js';
import * as connectionDeliveries from './20261207T2210_connection_deliveries.js';
import * as providerCalls from './20261207T2220_provider_calls.js';
import * as staleAfter from './20261207T2230_stale_after.js';
import * as derivedKpis from './20261207T2300_derived_kpis.js';
import * as missingPeriods from './20261207T2300_missing_periods.js';
import * as oauthBrowserBinding from './20261207T2300_oauth_browser_binding.js';
import * as connectSessionBranding from './20261208T0000_connect_session_branding.js';

/**
 * A static record, not FileMigrationProvider: reading the folder at run time breaks under ESM
 * and bundlers (kysely #768, #1939). Add each new migration here, named by its timestamp.
 */
export const migrations: Record<string, Migration> = {
  '20261126T0900_initial': initial,
  '20261126T1000_oauth_states': oauthStates,
  '20261126T1100_sync_engine': syncEngine,
  '20261126T1200_audit': audit,
  '20261129T0900_one_running_backfill': oneRunningBackfill,
  '20261129T1200_next_sync_at': nextSyncAt,
  '20261129T1500_events': events,
  '20261129T1510_webhooks': webhooks,
  '20261129T1600_console_sessions': consoleSessions,
  '20261129T1600_connect_sessions': connectSessions,
  '20261207T2100_kpi_granularity': kpiGranularity,
  '20261207T2200_connect_session_settings': connectSessionSettings,
  '20261207T2200_console_search': consoleSearch,
  '20261207T2210_connection_deliveries': connectionDeliveries,
  '20261207T2220_provider_calls': providerCalls,
  '20261207T2230_stale_after': staleAfter,
  '20261207T2300_derived_kpis': derivedKpis,
  '20261207T2300_missing_periods': missingPeriods,
  '20261207T2300_oauth_browser_binding': oauthBrowserBinding,
  '20261208T0000_connect_session_branding': connectSessionBranding,
};
