import { Context } from '@temporalio/activity';
import { findConnection } from '../db/repositories/connections.js';
import type { ConnectionRow } from '../db/tables/connections.js';
import type { ProviderCallContext, ProviderDefinition } from '../providers/contract.js';
import { ProviderError } from '../providers/errors.js';
import { oauthTokensSchema, refreshAccessToken, type OAuthTokens } from '../providers/oauth2.js';
import { envSlug } from '../providers/env-slug.js';
import { credentialSecrets, scrubError } from '../providers/scrub.js';
import type { ActivityDeps } from './deps.js';
import { connectionNotFound } from './failures.js';
import { noActivityMetrics } from './metrics.js';
import { withCallLog, type ProviderCall } from '../providers/call-log.js';
import { recordProviderCalls, type CallLogBounds } from '../db/repositories/provider-calls.js';

/** What a provider call belongs to in the call log: a sync or backfill run, or an onboarding test. */
export type CallLogOwner = { syncRunId: string; onboardingAttempt?: undefined } | { onboardingAttempt: number; syncRunId?: undefined };

/** The call log's bounds when none are configured: the last 500 calls of a connection, and 30 days. */
export const DEFAULT_CALL_LOG: CallLogBounds = { maxCalls: 500, maxAgeMs: 30 * 86_400_000 };

/** How activities reach a connection and its provider: by id, validated, decrypted only here. */
export function createConnectionAccess(deps: ActivityDeps) {
  const { db, providers, secrets } = deps;
  const metrics = deps.metrics ?? noActivityMetrics;
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
  function callContext(row: ConnectionRow): { provider: ProviderDefinition; ctx: ProviderCallContext<Record<string, unknown>, unknown> } {
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
    const context = Context.current();
    return {
      provider,
      ctx: {
        config: config.data,
        credentials: credentials.data,
        endpoints: provider.endpoints,
        attempt: context.info.attempt,
        signal: context.cancellationSignal,
      },
    };
  }

  /**
   * Tokens good for at least a minute. Single flight per connection: the row is locked while
   * refreshing (and committed before the new tokens are used: a rotated refresh token is never
   * held only in memory), and the tokens are re-read after taking the lock, so a second caller finds the
   * first one's fresh tokens instead of spending the (possibly rotated) refresh token again.
   * `usedAccessToken` forces a refresh unless someone already replaced that token (a 401).
   */
  async function freshTokens(row: ConnectionRow, provider: ProviderDefinition, usedAccessToken?: string): Promise<OAuthTokens> {
    return db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('connections')
        .select('credentials_encrypted')
        .where('id', '=', row.id)
        // Not FOR UPDATE: that would also block every insert referencing the connection (sync
        // runs, KPI rows, call logs take FOR KEY SHARE through their foreign keys) while a slow
        // token endpoint answers. NO KEY UPDATE still lets one refresher in at a time.
        .forNoKeyUpdate()
        .executeTakeFirst();
      if (!locked?.credentials_encrypted) {
        throw new ProviderError('reauthorization_required', 'the connection has no tokens', {
          hint: 'POST /v1/connections/{id}/reauthorize and open the authorizeUrl.',
        });
      }
      const current = oauthTokensSchema.parse(secrets.open(locked.credentials_encrypted));
      const expiresSoon = current.expiresAt !== undefined && Date.parse(current.expiresAt) - Date.now() < 60_000;
      const rejected = usedAccessToken !== undefined && usedAccessToken === current.accessToken;
      if (!expiresSoon && !rejected) return current;
      const client = deps.oauth.clients[envSlug(provider.slug)];
      if (!client) {
        throw new ProviderError('invalid_config', `no OAuth client is configured for ${provider.slug}`, {
          hint: `Set ONRAMP_OAUTH_${envSlug(provider.slug)}_CLIENT_ID and _CLIENT_SECRET on the worker.`,
        });
      }
      const refreshed = await refreshAccessToken(provider, client, current, Context.current().cancellationSignal).then(
        (tokens) => {
          metrics.tokenRefresh({ provider: provider.slug, ok: true });
          return tokens;
        },
        (error: unknown) => {
          metrics.tokenRefresh({ provider: provider.slug, ok: false });
          throw error;
        },
      );
      await trx
        .updateTable('connections')
        .set({ credentials_encrypted: secrets.seal(refreshed), updated_at: new Date() })
        .where('id', '=', row.id)
        .execute();
      return refreshed;
    });
  }

  /**
   * A provider call with valid credentials: OAuth tokens refreshed before expiry, and once
   * more (then the call repeated once) if the provider answers 401 anyway.
   */
  async function callProvider<T>(
    row: ConnectionRow,
    call: (provider: ProviderDefinition, ctx: ProviderCallContext<Record<string, unknown>, unknown>) => Promise<T>,
    /** What the calls belong to, for the call log: a run, or an onboarding test. None: not logged. */
    logAs?: CallLogOwner,
  ): Promise<T> {
    // Heartbeats say "still working" while a slow provider answers; their absence tells Temporal
    // that this worker died, so another one retries the call within the heartbeat timeout.
    const context = Context.current();
    const beat = setInterval(() => context.heartbeat(), 2_000);
    const calls: ProviderCall[] = [];
    try {
      const result = await withCallLog(calls, () => callWithFreshCredentials(row, call));
      metrics.providerCall({ provider: row.integration });
      return result;
    } catch (error) {
      metrics.providerCall({ provider: row.integration, error: error instanceof ProviderError ? error.kind : 'other' });
      throw error;
    } finally {
      clearInterval(beat);
      if (logAs) await keepCalls(row.id, calls, logAs, context.info.attempt);
    }
  }

  /**
   * The calls into the connection's log, trimmed to its bounds. Best effort: a log that cannot be
   * written (our own database away) must not turn the vendor's answer into another failure.
   */
  async function keepCalls(connectionId: string, calls: ProviderCall[], owner: CallLogOwner, attempt: number): Promise<void> {
    try {
      await recordProviderCalls(
        db,
        connectionId,
        calls.map((c) => ({
          connection_id: connectionId,
          sync_run_id: owner.syncRunId ?? null,
          onboarding_attempt: owner.onboardingAttempt ?? null,
          activity_attempt: attempt,
          at: c.at,
          method: c.method,
          host: c.host,
          path: c.path,
          query_keys: c.queryKeys,
          status: c.status,
          duration_ms: c.durationMs,
          retry_after_ms: c.retryAfterMs,
          error_code: c.errorCode,
          error_message: c.errorMessage,
          request_ids: JSON.stringify(c.requestIds),
        })),
        deps.callLog ?? DEFAULT_CALL_LOG,
      );
    } catch (error) {
      Context.current().log.warn('vendor call log not recorded', { connectionId, error: (error as Error).message });
    }
  }

  async function callWithFreshCredentials<T>(
    row: ConnectionRow,
    call: (provider: ProviderDefinition, ctx: ProviderCallContext<Record<string, unknown>, unknown>) => Promise<T>,
  ): Promise<T> {
    const { provider, ctx } = callContext(row);
    // Every credential the call could carry, scrubbed from whatever it throws (providers/scrub.ts):
    // a vendor may echo one in an encoding the provider's own scrubbing did not expect.
    const sent: unknown[] = [ctx.credentials];
    const client = provider.authKind === 'oauth2' ? deps.oauth.clients[envSlug(provider.slug)] : undefined;
    if (client) sent.push(client);
    const scrubbed = (error: unknown) => scrubError(error, credentialSecrets(...sent));
    if (provider.authKind !== 'oauth2') return call(provider, ctx).catch((error: unknown) => Promise.reject(scrubbed(error)));
    try {
      const tokens = await freshTokens(row, provider);
      sent.push(tokens);
      try {
        return await call(provider, { ...ctx, credentials: tokens });
      } catch (error) {
        if (!(error instanceof ProviderError) || error.kind !== 'auth_failed') throw error;
        const retried = await freshTokens(row, provider, tokens.accessToken);
        sent.push(retried);
        return await call(provider, { ...ctx, credentials: retried });
      }
    } catch (error) {
      throw scrubbed(error);
    }
  }

  return { loadConnection, providerOf, callContext, callProvider };
}

export type ConnectionAccess = ReturnType<typeof createConnectionAccess>;
