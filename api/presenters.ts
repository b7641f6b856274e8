import type { KpiValueRow } from '../db/tables/kpi-values.js';
import { withUserMessage } from '../domain/failure-messages.js';
import type { z } from 'zod';
import type { derivedKpiValueSchema, kpiValueSchema } from './schemas.js';
import type { DerivedKpiValueView } from '../db/repositories/derived-kpis.js';
import { derivedMessage, monthOf, needsText, type DerivedKpiDefinition, type DerivedOutcome } from '../domain/derived-kpis.js';
import type { backfillSchema } from '../domain/backfill.js';
import type { syncRunSchema } from '../domain/sync-run.js';
import type { SyncRunRow } from '../db/tables/sync-runs.js';
import type { BackfillRow } from '../db/tables/backfills.js';
import type { EventType } from '../domain/events.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../db/tables/webhooks.js';
import type { ConnectionDeliveryApiView, WebhookDeliveryApiView, WebhookEndpointView } from './webhook-schemas.js';
import type { ConnectionDeliveryView } from '../db/repositories/webhooks.js';

/**
 * Rows become API shapes here and nowhere else; credentials have no way out. The connection's
 * presenter lives in db/connection-view.ts because the events written with each change carry the same shape.
 */
export { presentConnection } from '../db/connection-view.js';

export function presentKpi(row: KpiValueRow): z.infer<typeof kpiValueSchema> {
  return {
    connectionId: row.connection_id,
    key: row.kpi_key,
    period: row.period_start,
    granularity: row.granularity,
    value: row.value,
    unit: row.unit,
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * A derived KPI's value as the API shows it: with what it needs in words, and why it has no value
 * or may be out of date. `row` undefined: nothing computed yet for the tenant (no input written).
 */
export function presentDerivedKpi(
  definition: DerivedKpiDefinition,
  tenantId: string,
  row: DerivedKpiValueView | undefined,
  missingWithoutRow: string[] = [],
): z.infer<typeof derivedKpiValueSchema> {
  if (!row) {
    const outcome = { status: 'needs_inputs' as const, missing: missingWithoutRow };
    return {
      key: definition.key,
      tenantId,
      period: monthOf(new Date().toISOString().slice(0, 10)),
      granularity: definition.granularity,
      value: null,
      unit: null,
      status: outcome.status,
      stale: false,
      needs: needsText(definition),
      missingInputs: outcome.missing,
      message: derivedMessage(definition, outcome),
      inputs: [],
      computedAt: null,
    };
  }
  const provenance = row.provenance;
  const missing = row.missing;
  const outcome: DerivedOutcome =
    row.status === 'current'
      ? { status: 'current', value: row.value!, unit: row.unit! }
      : row.status === 'needs_inputs'
        ? { status: 'needs_inputs', missing }
        : row.status === 'mixed_units'
          ? { status: 'mixed_units', input: '', units: [...new Set(provenance.inputs.map((i) => i.unit))].sort() }
          : { status: 'not_defined' };
  return {
    key: definition.key,
    tenantId: row.tenant_id,
    period: row.period_start,
    granularity: row.granularity,
    value: row.value,
    unit: row.unit,
    status: row.status,
    stale: row.stale,
    needs: needsText(definition),
    missingInputs: missing,
    message: row.stale
      ? 'A connection this figure was computed from has been disconnected: it shows the figures as they were then. Connect it again to bring it up to date.'
      : derivedMessage(definition, outcome),
    inputs: provenance.inputs.map((i) => ({
      metric: i.metric,
      integration: i.integration,
      connectionId: i.connectionId,
      value: i.value,
      unit: i.unit,
      syncRunIds: i.syncRunIds,
    })),
    computedAt: row.computed_at.toISOString(),
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
    error: withUserMessage(row.error),
    missingPeriods: row.missing_periods.map((p) => ({ ...p, error: withUserMessage(p.error) })),
    repairedPeriods: row.repaired_periods,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.duration_ms,
    workflowId: row.workflow_id,
    workflowRunId: row.workflow_run_id,
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
    error: withUserMessage(row.error),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Never the secret: it is shown once, by the create and rotate answers, which add it themselves. */
export function presentWebhookEndpoint(row: WebhookEndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    description: row.description,
    events: row.event_types.filter((type): type is WebhookEndpointView['events'][number] => type !== 'ping'),
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    failingSince: iso(row.failing_since),
    previousSecretExpiresAt: iso(row.previous_secret_expires_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentWebhookDelivery(row: WebhookDeliveryRow & { event_type: EventType }): WebhookDeliveryApiView {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastAttemptAt: iso(row.last_attempt_at),
    nextAttemptAt: iso(row.next_attempt_at),
    deliveredAt: iso(row.delivered_at),
    createdAt: row.created_at.toISOString(),
  };
}

/** Why a pending delivery is not sent yet: its endpoint is off, it waits behind another, or it is being retried. */
function pendingReason(row: ConnectionDeliveryView): string | null {
  if (row.status !== 'pending') return null;
  if (!row.endpoint_enabled) return 'Not sent: the endpoint is disabled; it is sent once the endpoint is enabled again.';
  const head = row.head;
  if (head && head.id !== row.id) {
    const whose = head.connection_id ? 'this connection' : 'the tenant';
    const trouble = head.attempts > 0 ? `, ${head.attempts} failed attempt${head.attempts === 1 ? '' : 's'} so far (last: ${head.last_status_code ?? head.last_error ?? 'no answer'}), next attempt ${iso(head.next_attempt_at) ?? 'soon'}` : '';
    return `Waiting behind ${head.event_type} ${head.event_id} of ${whose}, pending since ${head.created_at.toISOString()}${trouble}: a connection's events reach an endpoint in order.`;
  }
  if (row.attempts > 0) return `Retrying: ${row.attempts} failed attempt${row.attempts === 1 ? '' : 's'} (last: ${row.last_status_code ?? row.last_error ?? 'no answer'}), next attempt ${iso(row.next_attempt_at) ?? 'soon'}.`;
  return 'Next in line: being sent now.';
}

export function presentConnectionDelivery(row: ConnectionDeliveryView): ConnectionDeliveryApiView {
  const head = row.head && row.head.id !== row.id ? row.head : null;
  return {
    ...presentWebhookDelivery(row),
    endpointUrl: row.endpoint_url,
    waitingBehind: head
      ? {
          deliveryId: head.id,
          eventId: head.event_id,
          eventType: head.event_type,
          connectionId: head.connection_id,
          pendingSince: head.created_at.toISOString(),
          attempts: head.attempts,
          lastStatusCode: head.last_status_code,
          lastError: head.last_error,
          nextAttemptAt: iso(head.next_attempt_at),
        }
      : null,
    pendingReason: pendingReason(row),
  };
}
