import type { ConnectionRow } from '../db/tables/connections.js';
import type { KpiValueRow } from '../db/tables/kpi-values.js';
import type { SyncScheduleState } from '../runtime/sync-schedules.js';
import type { ConnectionView } from './schemas.js';
import type { z } from 'zod';
import type { kpiValueSchema } from './schemas.js';

/** Rows become API shapes here and nowhere else; credentials have no way out. */
export function presentConnection(row: ConnectionRow, schedule?: SyncScheduleState | null): ConnectionView {
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
      paused: schedule?.paused ?? row.status === 'paused',
      lastSyncAt: row.last_sync_at?.toISOString() ?? null,
      lastStatus: row.last_sync_status,
      nextSyncAt: schedule?.nextSyncAt?.toISOString() ?? null,
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
