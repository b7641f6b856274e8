import { Context } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import { findConnection, updateConnection, updateOnboarding } from '../db/repositories/connections.js';
import { findOAuthState, wipeOAuthVerifiers } from '../db/repositories/oauth-states.js';
import { upsertKpiValues } from '../db/repositories/kpi-values.js';
import { finishSyncRun, startSyncRun } from '../db/repositories/sync-runs.js';
import type { Database } from '../db/schema.js';
import type { ConnectionRow, LastError } from '../db/tables/connections.js';
import type { AuthKind, KpiPoint, ProviderCallContext, ProviderDefinition } from '../providers/contract.js';
import { exchangeAuthorizationCode, type OAuthClientCredentials } from '../providers/oauth2.js';
import { envSlug } from '../runtime/config.js';
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
  oauth: {
    /** Keyed by envSlug(provider slug), from ONRAMP_OAUTH_<SLUG>_CLIENT_ID / _SECRET. */
    clients: Record<string, OAuthClientCredentials>;
    redirectUri: string;
  };
}

/** Every activity, closed over its dependencies; the worker's entry point is the only caller. */
export function createActivities(deps: ActivityDeps) {
  const { db, providers, secrets, schedules, clock } = deps;

  async function loadConnection(connectionId: string): Promise<ConnectionRow> {
    const row = await findConnection(db, connectionId, null);
    if (!row) throw connectionNotFound(connectionId);
    return row;
  }

  function providerOf(row: ConnectionRow): ProviderDefinition {
    const provider = providers.get(row.integration);
    if (!provider) {
      throw new ProviderError('invalid_config', `integration "${row.integration}" is not installed on this worker`, {
        hint: 'Deploy a worker that includes this provider, then retry.',
      });
    }
    return provider;
  }

  /** Validates stored config and decrypted credentials against the provider's schemas. */
  function callContext(
    row: ConnectionRow,
  ): { provider: ProviderDefinition; ctx: ProviderCallContext<Record<string, unknown>, unknown> } {
    const provider = providerOf(row);
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
      ctx: {
        config: config.data,
        credentials: credentials.data,
        endpoints: provider.endpoints,
        attempt: info.attempt,
        signal: Context.current().cancellationSignal,
      },
    };
  }

  return {
    async recordOnboarding(input: OnboardingProgress & { connectionId: string; status: ConnectionStatus }): Promise<void> {
      await updateOnboarding(db, input.connectionId, {
        status: input.status,
        onboarding_step: input.step,
        onboarding_state: input.state,
        onboarding_attempts: input.attempts,
        onboarding_last_error: input.lastError ? JSON.stringify(input.lastError) : null,
        onboarding_updated_at: clock(),
      });
    },

    /** What the connect step needs to know; nothing secret leaves. */
    async inspectConnection({ connectionId }: { connectionId: string }): Promise<{ authKind: AuthKind; hasCredentials: boolean }> {
      const row = await loadConnection(connectionId);
      return { authKind: providerOf(row).authKind, hasCredentials: row.credentials_encrypted !== null };
    },

    /** Config may arrive after creation; this says whether the provider's schema is satisfied yet. */
    async checkConfig({ connectionId }: { connectionId: string }): Promise<{ complete: boolean; missing: string[] }> {
      const row = await loadConnection(connectionId);
      const parsed = providerOf(row).configSchema.safeParse(row.config);
      return parsed.success
        ? { complete: true, missing: [] }
        : { complete: false, missing: [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))] };
    },

    async exchangeAuthorizationCode(input: { connectionId: string; stateHash: string; sealedCode: string }): Promise<void> {
      const row = await loadConnection(input.connectionId);
      const provider = providerOf(row);
      const state = await findOAuthState(db, input.stateHash);
      if (!state?.code_verifier_encrypted || state.connection_id !== row.id) {
        throw new ProviderError('auth_failed', 'the authorization request is no longer known (already used or disconnected)', {
          hint: 'POST /v1/connections/{id}/retry for a new authorizeUrl.',
        });
      }
      const client = deps.oauth.clients[envSlug(provider.slug)];
      if (!client) {
        throw new ProviderError('invalid_config', `no OAuth client is configured for ${provider.slug}`, {
          hint: `Set ONRAMP_OAUTH_${envSlug(provider.slug)}_CLIENT_ID and _CLIENT_SECRET on the worker, then retry.`,
        });
      }
      const tokens = await atActivityEdge(() =>
        exchangeAuthorizationCode(provider, client, {
          code: secrets.open<string>(input.sealedCode),
          codeVerifier: secrets.open<string>(state.code_verifier_encrypted!),
          redirectUri: deps.oauth.redirectUri,
          signal: Context.current().cancellationSignal,
        }),
      );
      await db.transaction().execute(async (trx) => {
        await updateConnection(trx, row.id, { credentials_encrypted: secrets.seal(tokens) });
        await wipeOAuthVerifiers(trx, row.id);
      });
    },

    /** Disconnect: status `disconnected`, every secret of the connection wiped, history kept. */
    async markDisconnected({ connectionId }: { connectionId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await updateConnection(trx, connectionId, { status: 'disconnected', credentials_encrypted: null });
        await wipeOAuthVerifiers(trx, connectionId);
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
