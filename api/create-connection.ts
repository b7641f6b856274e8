import { randomUUID } from 'node:crypto';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import { bindConnectSession } from '../db/repositories/connect-sessions.js';
import { insertConnection, findConnection } from '../db/repositories/connections.js';
import { claimIdempotencyKey, findIdempotencyKey } from '../db/repositories/idempotency-keys.js';
import type { ConnectionRow } from '../db/tables/connections.js';
import { onboardingWorkflowId, workflowTypes, type OnboardingInput } from '../workflows/definitions.js';
import { mayConnect } from './connect-sessions.js';
import type { AppDeps } from './deps.js';
import type { Principal } from './principal.js';
import { ProblemError } from './problems.js';
import { beginAuthorization, checkReturnUrl, underPrefix } from './onboarding-service.js';
import { collectProblems, findProvider, parseConfig, parseCredentials } from './provider-input.js';
import type { CreateConnectionBody } from './schemas.js';

/** JSON with sorted keys, so the same body always fingerprints the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

class IdempotencyRace extends Error {}

const sessionSpent = () =>
  new ProblemError('conflict', 'This Connect session has already created its connection: continue with that one, or ask for a new link.');

/** What only the tenant decides: a Connect session's page sends the integration, credentials and config. */
const TENANT_SETTINGS = ['name', 'syncIntervalMinutes', 'initialHistoryDays'] as const;

function refuseTenantSettings(body: CreateConnectionBody, sessionReturnUrl: string | null, connectPage: string): void {
  const errors = TENANT_SETTINGS.filter((field) => body[field] !== undefined).map((field) => ({
    field: `body.${field}`,
    message: 'is decided by the application that opened this Connect session (POST /v1/connect/sessions, `connection`), not by the page',
  }));
  // OAuth without a popup comes back to the Connect page itself (or, as before, the session's own returnUrl); nothing else.
  if (body.returnUrl !== undefined && body.returnUrl !== sessionReturnUrl && !underPrefix(new URL(body.returnUrl), new URL(connectPage))) {
    errors.push({ field: 'body.returnUrl', message: "must be the Connect page or the Connect session's own returnUrl, or left out" });
  }
  if (errors.length > 0) throw new ProblemError('validation', 'A Connect session sends the integration, credentials and config only', errors);
}

/**
 * Creates the row and starts `onboarding:<id>` in one transaction: if Temporal refuses the
 * start, nothing is kept and the caller can simply try again (with the same Idempotency-Key).
 */
export async function createConnection(
  deps: AppDeps,
  principal: Principal,
  body: CreateConnectionBody,
  idempotencyKey: string | undefined,
): Promise<{ row: ConnectionRow; created: boolean; authorizeUrl?: string }> {
  const session = principal.connectSession;
  if (session?.connectionId) throw sessionSpent();
  if (session && !mayConnect(session, body.integration)) {
    throw new ProblemError('validation', 'this Connect session may not connect that integration', [
      { field: 'body.integration', message: `must be one of ${(session.allowedIntegrations ?? []).join(', ')}` },
    ]);
  }
  if (session) refuseTenantSettings(body, session.returnUrl, deps.connectSessions.pageUrl);
  // A session's connection is named, scheduled and backfilled as the tenant said when it opened the session.
  const settings = session ? (session.connectionSettings ?? {}) : body;
  const provider = findProvider(deps.providers, body.integration);
  let config: Record<string, unknown> = {};
  let credentials: Record<string, unknown> | undefined;
  let returnUrl: string | null = null;
  collectProblems(
    () => (config = parseConfig(provider, body.config, 'partial')),
    () => (credentials = body.credentials === undefined ? undefined : parseCredentials(provider, body.credentials)),
    () => {
      if (body.returnUrl !== undefined && provider.authKind !== 'oauth2') {
        throw new ProblemError('validation', 'returnUrl is for OAuth integrations', [
          { field: 'body.returnUrl', message: 'only OAuth integrations redirect after authorization' },
        ]);
      }
      returnUrl = checkReturnUrl(deps, body.returnUrl);
    },
  );
  const fingerprint = deps.secrets.fingerprint(canonicalJson(body));

  const replay = async (): Promise<{ row: ConnectionRow; created: boolean } | undefined> => {
    if (!idempotencyKey) return undefined;
    const previous = await findIdempotencyKey(deps.db, principal.tenantId, idempotencyKey);
    if (!previous) return undefined;
    if (previous.request_fingerprint !== fingerprint) {
      throw new ProblemError(
        'idempotency_mismatch',
        'This Idempotency-Key was used with a different request body; use a new key for a new connection.',
      );
    }
    const row = await findConnection(deps.db, previous.connection_id, principal.tenantId);
    if (!row) throw new ProblemError('internal', 'idempotency key points at a missing connection');
    return { row, created: false };
  };

  const earlier = await replay();
  if (earlier) return earlier;

  const id = randomUUID();
  let authorizeUrl: string | undefined;
  try {
    const row = await deps.db.transaction().execute(async (trx) => {
      const inserted = await insertConnection(trx, {
        id,
        tenant_id: principal.tenantId,
        integration: provider.slug,
        name: settings.name ?? provider.name,
        status: 'pending',
        config: JSON.stringify(config),
        credentials_encrypted: credentials ? deps.secrets.seal(credentials) : null,
        onboarding_step: 'connect',
        onboarding_state: 'running',
        onboarding_last_error: null,
        sync_interval_minutes: settings.syncIntervalMinutes ?? deps.defaultSyncIntervalMinutes,
        ...(settings.initialHistoryDays !== undefined ? { initial_history_days: settings.initialHistoryDays } : {}),
        ...(session?.endUser ? { end_user: JSON.stringify(session.endUser) } : {}),
      });
      // One connection per session: a second create (even a concurrent one) rolls back here.
      if (session && !(await bindConnectSession(trx, session.tokenHash, id))) throw sessionSpent();
      if (idempotencyKey) {
        const claimed = await claimIdempotencyKey(trx, {
          tenant_id: principal.tenantId,
          key: idempotencyKey,
          request_fingerprint: fingerprint,
          connection_id: id,
        });
        if (!claimed) throw new IdempotencyRace();
      }
      if (provider.authKind === 'oauth2') {
        authorizeUrl = await beginAuthorization(deps, trx, provider, { id, tenantId: principal.tenantId }, returnUrl);
      }
      // A session's page has a person on it: onboarding asks them for the provider's optional choices.
      const args: [OnboardingInput] = [{ connectionId: id, timeouts: deps.onboardingTimeouts, ...(session ? { askChoices: true } : {}) }];
      try {
        await deps.temporal.workflow.start(workflowTypes.onboarding, {
          workflowId: onboardingWorkflowId(id),
          taskQueue: deps.taskQueue,
          args,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
      } catch (error) {
        throw new ProblemError(
          'unavailable',
          `Temporal did not accept the onboarding workflow (${(error as Error).message}); nothing was created, try again.`,
        );
      }
      return inserted;
    });
    return { row, created: true, authorizeUrl };
  } catch (error) {
    // A concurrent request with the same key won: answer what it created.
    if (error instanceof IdempotencyRace) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
}
