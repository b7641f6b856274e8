import type { ConnectionRow } from '../db/tables/connections.js';
import type { KpiValueRow } from '../db/tables/kpi-values.js';
import { intendedPaused } from '../runtime/sync-intent.js';
import type { ConnectionView } from './schemas.js';
import type { z } from 'zod';
import type { backfillSchema, kpiValueSchema, syncRunSchema } from './schemas.js';
import type { SyncRunRow } from '../db/tables/sync-runs.js';
import type { BackfillRow } from '../db/tables/backfills.js';

/**
 * Rows become API shapes here and nowhere else; credentials have no way out. The row alone
 * answers, schedule included (its projection in Postgres): presenting never waits on Temporal.
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
      lastError: row.onboarding_last_error,
      updatedAt: row.onboarding_updated_at.toISOString(),
    },
    sync: {
      intervalMinutes: row.sync_interval_minutes,
      paused: intendedPaused(row),
      lastSyncAt: row.last_sync_at?.toISOString() ?? null,
      lastStatus: row.last_sync_status,
      lastError: row.last_sync_error,
      consecutiveFailures: row.consecutive_failures,
      nextSyncAt: row.next_sync_at?.toISOString() ?? null,
      stale: ['active', 'error'].includes(row.status) && now - lastData > 2 * row.sync_interval_minutes * 60_000,
    },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentKpi(row: KpiValueRow): z.infer<typeof kpiValueSchema> {
  return {
    connectionId: row.connection_id,
    key: row.kpi_key,
    period: row.period_start,
    value: row.value,
    unit: row.unit,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentSyncRun(row: SyncRunRow): z.infer<typeof syncRunSchema> {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    window: { from: row.window_start.toISOString(), to: row.window_end.toISOString() },
    kpisWritten: row.kpis_written,
    attempts: row.attempts,
    error: row.error,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.duration_ms,
  };
}

export function presentBackfill(row: BackfillRow): z.infer<typeof backfillSchema> {
  return {
    id: row.id,
    connectionId: row.connection_id,
    from: row.period_from,
    to: row.period_to,
    status: row.status,
    chunksDone: row.chunks_done,
    chunksTotal: row.chunks_total,
    kpisWritten: row.kpis_written,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
