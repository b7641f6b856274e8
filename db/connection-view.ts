import type { ConnectionView } from '../domain/connection.js';
import type { ConnectionRow } from './tables/connections.js';
import { withUserMessage } from '../domain/failure-messages.js';
import { intendedPaused } from '../domain/sync-intent.js';
import { countMissingDays, missingSummary } from '../domain/missing-periods.js';

/** Onboarding waits on a person: the end user's credentials, config or authorization, or a fix after it failed. */
const waitsOnPerson = (row: ConnectionRow) =>
  (['pending', 'configuring'].includes(row.status) && row.onboarding_state === 'waiting') || row.status === 'failed';

/**
 * A connection as GET /v1/connections/:id answers it, and as events carry it: credentials have
 * no way out. The row alone answers, schedule included (its projection in Postgres): presenting
 * never waits on Temporal, so the worker presents the same way inside its transactions.
 */
export function presentConnection(row: ConnectionRow, now = Date.now()): ConnectionView {
  const lastData = (row.last_sync_at ?? row.created_at).getTime();
  return {
    id: row.id,
    tenantId: row.tenant_id,
    integration: row.integration,
    name: row.name,
    status: row.status,
    config: row.config,
    onboarding: {
      step: row.onboarding_step,
      state: row.onboarding_state,
      attempts: row.onboarding_attempts,
      lastError: withUserMessage(row.onboarding_last_error),
      updatedAt: row.onboarding_updated_at.toISOString(),
    },
    sync: {
      intervalMinutes: row.sync_interval_minutes,
      paused: intendedPaused(row),
      lastSyncAt: row.last_sync_at?.toISOString() ?? null,
      lastStatus: row.last_sync_status,
      lastError: withUserMessage(row.last_sync_error),
      consecutiveFailures: row.consecutive_failures,
      nextSyncAt: row.next_sync_at?.toISOString() ?? null,
      stale: ['active', 'error'].includes(row.status) && now - lastData > 2 * row.sync_interval_minutes * 60_000,
      missing: presentMissing(row),
    },
    endUser: row.end_user,
    waitingSince: waitsOnPerson(row) ? row.onboarding_updated_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The connection's missing days as its health shows them: how many, since when, and why. */
function presentMissing(row: ConnectionRow): ConnectionView['sync']['missing'] {
  const periods = row.missing_periods ?? [];
  const summary = missingSummary(periods);
  if (!summary) return null;
  return {
    days: countMissingDays(periods),
    since: periods[0]!.from,
    summary,
    periods: periods.map((p) => ({ ...p, error: withUserMessage(p.error) })),
  };
}
