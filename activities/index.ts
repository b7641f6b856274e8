import { Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { findConnection, updateConnection } from '../db/repositories/connections.js';
import { upsertKpiValues } from '../db/repositories/kpi-values.js';
import { finishSyncRun, startSyncRun } from '../db/repositories/sync-runs.js';
import type { Database } from '../db/schema.js';
import type { ConnectionRow, LastError } from '../db/tables/connections.js';
import type { KpiPoint, ProviderCallContext, ProviderDefinition } from '../providers/contract.js';
import { ProviderError } from '../providers/errors.js';
import { addDays, startOfUtcDay, type SyncWindow } from '../providers/periods.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { SecretBox } from '../runtime/crypto.js';
import type { SyncSchedules } from '../runtime/sync-schedules.js';
import type { ConnectionStatus, OnboardingProgress } from '../workflows/definitions.js';
import { atActivityEdge, connectionNotFound } from './failures.js';

export interface ActivityDeps {
  db: Kysely<Database>;
  providers: ProviderRegistry;
  secrets: SecretBox;
  schedules: SyncSchedules;
  clock: () => Date;
  /** Days of history the first sync of a connection covers. */
  initialHistoryDays: number;
}

/** Every activity, closed over its dependencies; the worker's entry point is the only caller. */
export function createActivities(deps: ActivityDeps) {
  const { db, providers, secrets, schedules, clock } = deps;

  async function loadConnection(connectionId: string): Promise<ConnectionRow> {
    const row = await findConnection(db, connectionId, null);
    if (!row) throw connectionNotFound(connectionId);
    return row;
  }

  /** Validates stored config and decrypted credentials against the provider's schemas. */
  function callContext(
    row: ConnectionRow,
  ): { provider: ProviderDefinition; ctx: ProviderCallContext<unknown, unknown> } {
    const provider = providers.get(row.integration);
    if (!provider) {
      throw new ProviderError('invalid_config', `integration "${row.integration}" is not installed on this worker`, {
        hint: 'Deploy a worker that includes this provider, then retry.',
      });
    }
    const config = provider.configSchema.safeParse(row.config);
    if (!config.success) {
      const field = config.error.issues[0]?.path.join('.') ?? '';
      throw new ProviderError('invalid_config', `config is invalid: ${field} ${config.error.issues[0]?.message ?? ''}`, {
        hint: `Fix config field "${field}" with PUT /v1/connections/{id}/config.`,
      });
    }
    const stored = row.credentials_encrypted ? secrets.open(row.credentials_encrypted) : undefined;
    const credentials = provider.credentialsSchema.safeParse(stored);
    if (!credentials.success) {
      throw new ProviderError('auth_failed', 'credentials are missing or incomplete', {
        hint: 'Send credentials with PUT /v1/connections/{id}/credentials.',
      });
    }
    const info = Context.current().info;
    return {
      provider,
      ctx: { config: config.data, credentials: credentials.data, attempt: info.attempt, signal: Context.current().cancellationSignal },
    };
  }

  return {
    async recordOnboarding(input: OnboardingProgress & { connectionId: string; status: ConnectionStatus }): Promise<void> {
      await updateConnection(db, input.connectionId, {
        status: input.status,
        onboarding_step: input.step,
        onboarding_state: input.state,
        onboarding_attempts: input.attempts,
        onboarding_last_error: input.lastError ? JSON.stringify(input.lastError) : null,
        onboarding_updated_at: clock(),
      });
    },

    async testConnection({ connectionId }: { connectionId: string }): Promise<void> {
      const row = await loadConnection(connectionId);
      await atActivityEdge(async () => {
        const { provider, ctx } = callContext(row);
        await provider.testConnection(ctx);
      });
    },

    async activateConnection({ connectionId }: { connectionId: string }): Promise<void> {
      const row = await loadConnection(connectionId);
      // The schedule first: if the row update fails, the retry finds the schedule and moves on.
      await schedules.ensure(connectionId, { intervalMinutes: row.sync_interval_minutes, triggerImmediately: true });
      await updateConnection(db, connectionId, {
        status: 'active',
        onboarding_step: 'done',
        onboarding_state: 'completed',
        onboarding_last_error: null,
        onboarding_updated_at: clock(),
      });
    },

    async startSyncRun(input: {
      connectionId: string;
      workflowId: string;
      workflowRunId: string;
    }): Promise<{ syncRunId: string; window: SyncWindow }> {
      const row = await loadConnection(input.connectionId);
      const now = clock();
      // From the start of the day of the last sync (its partial day is written again) to now;
      // a first sync covers the initial history.
      const from = row.last_sync_at ? startOfUtcDay(row.last_sync_at) : startOfUtcDay(addDays(now, -deps.initialHistoryDays));
      const run = await startSyncRun(db, {
        connection_id: input.connectionId,
        workflow_id: input.workflowId,
        workflow_run_id: input.workflowRunId,
        window_start: from,
        window_end: now,
        status: 'running',
        error: null,
      });
      return { syncRunId: run.id, window: { from: run.window_start.toISOString(), to: run.window_end.toISOString() } };
    },

    async fetchMetrics(input: { connectionId: string; window: SyncWindow }): Promise<KpiPoint[]> {
      const row = await loadConnection(input.connectionId);
      return atActivityEdge(async () => {
        const { provider, ctx } = callContext(row);
        return provider.fetchMetrics(ctx, input.window);
      });
    },

    async upsertKpis(input: { connectionId: string; syncRunId: string; points: KpiPoint[] }): Promise<number> {
      const row = await loadConnection(input.connectionId);
      return upsertKpiValues(
        db,
        input.points.map((p) => ({
          connection_id: row.id,
          tenant_id: row.tenant_id,
          kpi_key: p.key,
          period_start: p.period,
          value: p.value,
          unit: p.unit,
          sync_run_id: input.syncRunId,
        })),
      );
    },

    async finishSyncRun(input: {
      connectionId: string;
      syncRunId: string;
      kpisWritten: number;
      error: LastError | null;
    }): Promise<void> {
      const now = clock();
      await finishSyncRun(db, input.syncRunId, {
        status: input.error ? 'failed' : 'succeeded',
        kpis_written: input.kpisWritten,
        error: input.error ? JSON.stringify(input.error) : null,
        finished_at: now,
      });
      const needsPerson = input.error && ['auth_failed', 'permission_denied'].includes(input.error.code);
      await updateConnection(db, input.connectionId, {
        last_sync_status: input.error ? 'failed' : 'succeeded',
        ...(input.error ? {} : { last_sync_at: now }),
        ...(needsPerson ? { status: 'error' as const, onboarding_last_error: JSON.stringify(input.error) } : {}),
      });
      // Syncing again cannot succeed until someone acts: stop the schedule, say why.
      if (needsPerson) await schedules.pause(input.connectionId, `paused: ${input.error?.code ?? ''}`);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
