import { Context } from '@temporalio/activity';
import { findConnection, updateConnection, updateOnboarding } from '../db/repositories/connections.js';
import { findOAuthState, wipeOAuthVerifiers } from '../db/repositories/oauth-states.js';
import type { AuthKind } from '../providers/contract.js';
import { ProviderError } from '../providers/errors.js';
import { exchangeAuthorizationCode } from '../providers/oauth2.js';
import { envSlug } from '../providers/env-slug.js';
import type { ConnectionStatus, OnboardingProgress } from '../workflows/definitions.js';
import type { ConnectionAccess } from './connection-access.js';
import type { ActivityDeps } from './deps.js';
import { atActivityEdge, connectionNotVisibleYet } from './failures.js';

/** Activities of the onboarding workflow. */
export function onboardingActivities(deps: ActivityDeps, { loadConnection, providerOf, callProvider }: ConnectionAccess) {
  const { db, secrets, schedules, clock } = deps;
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
      // Onboarding's first read: the row may be a few milliseconds from committed (activities/failures.ts).
      const row = await findConnection(db, connectionId, null);
      if (!row) throw connectionNotVisibleYet(connectionId, Context.current().info.attempt);
      return { authKind: providerOf(row).authKind, hasCredentials: row.credentials_encrypted !== null };
    },

    /**
     * Config may arrive after creation; this says whether the provider's schema is satisfied yet,
     * and which of the choices it asks a person for (`askedChoices`) are still unset.
     */
    async checkConfig({ connectionId }: { connectionId: string }): Promise<{ complete: boolean; missing: string[]; unchosen: string[] }> {
      const row = await loadConnection(connectionId);
      const provider = providerOf(row);
      const parsed = provider.configSchema.safeParse(row.config);
      const unchosen = (provider.askedChoices ?? []).filter((field) => row.config[field] === undefined || row.config[field] === '');
      return parsed.success
        ? { complete: true, missing: [], unchosen }
        : { complete: false, missing: [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))], unchosen };
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
      const tokens = await atActivityEdge(async () => {
        const exchanged = await exchangeAuthorizationCode(provider, client, {
          code: secrets.open<string>(input.sealedCode),
          codeVerifier: secrets.open<string>(state.code_verifier_encrypted!),
          redirectUri: deps.oauth.redirectUri,
          signal: Context.current().cancellationSignal,
        });
        provider.oauth2?.checkGrantedScopes?.(exchanged.scope);
        return exchanged;
      });
      await db.transaction().execute(async (trx) => {
        await updateConnection(trx, row.id, { credentials_encrypted: secrets.seal(tokens) });
        await wipeOAuthVerifiers(trx, row.id);
      });
    },

    /** Disconnect: status `disconnected`, every secret of the connection wiped, history kept. */
    async markDisconnected({ connectionId }: { connectionId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await updateConnection(trx, connectionId, { status: 'disconnected', credentials_encrypted: null, next_sync_at: null });
        await wipeOAuthVerifiers(trx, connectionId);
      });
    },

    async testConnection({ connectionId }: { connectionId: string }): Promise<void> {
      const row = await loadConnection(connectionId);
      await atActivityEdge(() => callProvider(row, (provider, ctx) => provider.testConnection(ctx), { onboardingAttempt: row.onboarding_attempts }));
    },

    async activateConnection({ connectionId }: { connectionId: string }): Promise<void> {
      const row = await loadConnection(connectionId);
      // A local activity runs again when it failed after triggering, or when its workflow task is
      // retried (the worker died before completing it): an activation the row already records,
      // whose first sync ran or was started, must not trigger another one. Asking the schedule
      // costs a Temporal call, so only on that retry and only while the row shows no run yet.
      const alreadyActivated = row.onboarding_step === 'done' && row.onboarding_state === 'completed';
      const firstSyncStarted = alreadyActivated && (row.last_sync_status !== null || ((await schedules.describe(connectionId))?.actionsTaken ?? 0) > 0);
      const firstSyncDue = !row.sync_paused && !firstSyncStarted;
      // The schedule first (a retry after a failure below finds it), without its first run: the
      // run is triggered once the row says active, so it (and its events) come after the
      // activation's, however fast the sync is.
      const created = await schedules.ensure(connectionId, {
        intervalMinutes: row.sync_interval_minutes,
        triggerImmediately: false,
        paused: row.sync_paused,
      });
      // Re-activation (after re-authorization): the schedule Onramp paused runs again.
      if (!created && !row.sync_paused && !alreadyActivated) await schedules.unpause(connectionId, 'reactivated');
      const status = row.sync_paused ? 'paused' : 'active';
      await updateConnection(db, connectionId, {
        status,
        onboarding_step: 'done',
        onboarding_state: 'completed',
        onboarding_last_error: null,
        onboarding_updated_at: clock(),
        consecutive_failures: 0,
        last_sync_error: null,
      });
      if (firstSyncDue) await schedules.trigger(connectionId);
    },

  };
}
