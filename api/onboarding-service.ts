import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { Transaction } from 'kysely';
import { findConnection } from '../db/repositories/connections.js';
import { hashState, insertOAuthState } from '../db/repositories/oauth-states.js';
import type { Database } from '../db/schema.js';
import type { ProviderDefinition } from '../providers/contract.js';
import { createAuthorizationRequest } from '../providers/oauth2.js';
import { envSlug } from '../providers/env-slug.js';
import { onboardingWorkflowId, type ChangeAnswer, type OnboardingProgress } from '../workflows/definitions.js';
import { isTemporalResourceExhausted } from '../platform/outages.js';
import type { AppDeps } from './deps.js';
import { notFound, ProblemError } from './problems.js';

/**
 * Starts an OAuth authorization for a connection: a fresh single-use `state` (only its hash is
 * stored) and PKCE verifier (sealed), expiring with the onboarding's authorization wait.
 * Answers the URL to send the user to: Onramp's own start link (GET /v1/oauth/start), which
 * binds the authorization to the browser that opens it and sends that browser on to the provider.
 */
export async function beginAuthorization(
  deps: AppDeps,
  trx: Transaction<Database>,
  provider: ProviderDefinition,
  connection: { id: string; tenantId: string },
  returnUrl: string | null,
): Promise<string> {
  const client = deps.oauth.clients[envSlug(provider.slug)];
  if (!client) {
    throw new ProblemError(
      'unavailable',
      `${provider.name} needs an OAuth client: the operators must set ONRAMP_OAUTH_${envSlug(provider.slug)}_CLIENT_ID and _CLIENT_SECRET.`,
    );
  }
  const request = await createAuthorizationRequest(provider, client, deps.oauth.redirectUri);
  await insertOAuthState(trx, {
    state_hash: hashState(request.state),
    connection_id: connection.id,
    tenant_id: connection.tenantId,
    code_verifier_encrypted: deps.secrets.seal(request.codeVerifier),
    return_url: returnUrl,
    expires_at: new Date(Date.now() + deps.onboardingTimeouts.authorizationMs),
  });
  return oauthStartUrl(deps.oauth.redirectUri, request.state);
}

/** The start link beside the callback (`…/v1/oauth/callback` → `…/v1/oauth/start?state=…`). */
export function oauthStartUrl(redirectUri: string, state: string): string {
  const url = new URL('start', redirectUri);
  url.searchParams.set('state', state);
  return url.href;
}

/**
 * Whether `url` lies under the allowed `prefix`: same origin, and its path is the prefix's path or
 * continues it at a segment boundary (`…/app` admits `…/app` and `…/app/done`, never `…/application`).
 */
export function underPrefix(url: URL, prefix: URL): boolean {
  if (url.origin !== prefix.origin) return false;
  const base = prefix.pathname;
  return url.pathname === base || url.pathname.startsWith(base.endsWith('/') ? base : `${base}/`);
}

/**
 * A `returnUrl` must lie under one of the configured prefixes (no open redirects), or be the
 * Connect page itself: with popups blocked it sends the user to the provider in its own window
 * and finishes set-up when the provider sends them back.
 */
export function checkReturnUrl(deps: AppDeps, returnUrl: string | undefined): string | null {
  if (returnUrl === undefined) return null;
  const allowed = [...deps.oauth.returnUrls, deps.connectSessions.pageUrl].some((prefix) => underPrefix(new URL(returnUrl), new URL(prefix)));
  if (!allowed) {
    throw new ProblemError('validation', 'returnUrl is not on the allow-list (ONRAMP_OAUTH_RETURN_URLS)', [
      { field: 'body.returnUrl', message: 'must be one of the URLs in ONRAMP_OAUTH_RETURN_URLS or under one of them (whole path segments)' },
    ]);
  }
  return returnUrl;
}

export function onboardingHandle(deps: AppDeps, connectionId: string): WorkflowHandle {
  return deps.temporal.workflow.getHandle(onboardingWorkflowId(connectionId));
}

/** How long a request waits for onboarding to act on a change before it answers anyway. */
export const ANSWER_WITHIN_MS = 15_000;

/** The progress onboarding last recorded, for when it has not answered itself. */
async function storedProgress(deps: AppDeps, connectionId: string): Promise<OnboardingProgress> {
  const row = await findConnection(deps.db, connectionId, null);
  if (!row) throw notFound('connection');
  return { step: row.onboarding_step, state: row.onboarding_state, attempts: row.onboarding_attempts, lastError: row.onboarding_last_error };
}

/**
 * Tells the onboarding workflow about a change and answers what it did, within
 * ANSWER_WITHIN_MS whatever state onboarding is in. A rejected update (the workflow is not in a
 * state for it) is a 409 with the workflow's reason; an ended onboarding answers null, and the
 * caller decides whether that matters. The change itself is already stored by the caller.
 */
export async function notifyOnboarding<Args extends unknown[]>(
  deps: AppDeps,
  connectionId: string,
  update: UpdateDefinition<ChangeAnswer, Args>,
  ...args: Args
): Promise<ChangeAnswer | null> {
  let accepted = false;
  try {
    const handle = onboardingHandle(deps, connectionId);
    // One deadline for both halves: taking the update (needs a worker) and its answer.
    return await deps.temporal.withAbortSignal(AbortSignal.timeout(ANSWER_WITHIN_MS), async () => {
      // The SDK's overloads split no-arg and with-arg updates; ours are checked by the signature above.
      const started = await handle.startUpdate(update.name, {
        args: args as unknown as [unknown],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      accepted = true;
      return (await started.result()) as ChangeAnswer;
    });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    if (error instanceof WorkflowUpdateFailedError) {
      const reason = error.cause instanceof Error ? error.cause.message : error.message;
      if (/onboarding has ended/.test(reason)) return null;
      throw new ProblemError('conflict', reason);
    }
    // A completed workflow answers "workflow execution already completed" as a plain service error.
    if (error instanceof Error && /already completed|not found/i.test(error.message)) return null;
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isTemporalResourceExhausted(error)) {
      // Onboarding took the change and acts on it later: answer where it stands now.
      if (accepted) return { ...(await storedProgress(deps, connectionId)), pending: true };
      throw new ProblemError(
        'unavailable',
        `onboarding did not take the change within ${ANSWER_WITHIN_MS / 1000} s (its worker may be down or busy). ` +
          'The change is stored: repeat the same request in a minute so that onboarding acts on it.',
      );
    }
    throw error;
  }
}
