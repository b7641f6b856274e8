/**
 * Everything the API and the worker share about the workflows: ids, names, message
 * definitions and their types. Deterministic and dependency-free, so both sides import it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LastError } from '../domain/connection.js';
import type { OnboardingState, OnboardingStep } from '../domain/connection-states.js';

export type { ConnectionStatus, OnboardingState, OnboardingStep } from '../domain/connection-states.js';

export const onboardingWorkflowId = (connectionId: string): string => `onboarding:${connectionId}`;
/** The schedule id; each run it starts gets `sync:<connectionId>-<timestamp>` as workflow id. */
export const syncScheduleId = (connectionId: string): string => `sync:${connectionId}`;

export const backfillWorkflowId = (backfillId: string): string => `backfill:${backfillId}`;
/**
 * Backfills run on a queue of their own, polled by the same worker processes with a few slots
 * of its own: however many backfills tenants start, scheduled syncs never wait behind them.
 */
export const backfillTaskQueue = (taskQueue: string): string => `${taskQueue}-backfill`;
/** The patch id guarding a backfill's cancellation path (records `cancelled` before ending). */
export const BACKFILL_CANCEL = 'backfill-cancel';
/**
 * The patch id of one activity per chunk (fetch, upsert, run and progress together; the points
 * never enter history), in chunks as long as the provider's `callRange`.
 */
export const BACKFILL_CHUNK_ACTIVITY = 'backfill-chunk-activity';
export const RECONCILER_SCHEDULE_ID = 'onramp:reconciler';
/** One delivery workflow per webhook endpoint: events reach a receiver in outbox order. */
export const webhookEndpointWorkflowId = (endpointId: string): string => `webhook-endpoint:${endpointId}`;
/** Wakes an endpoint's delivery workflow: new events in the outbox, a redelivery, a test ping, a changed endpoint. */
export const wakeWebhookEndpointSignal = defineSignal('wakeWebhookEndpoint');
export interface WebhookEndpointInput {
  endpointId: string;
}

export const workflowTypes = {
  onboarding: 'onboardingWorkflow',
  sync: 'syncWorkflow',
  backfill: 'backfillWorkflow',
  reconciler: 'reconcilerWorkflow',
  webhookEndpoint: 'webhookEndpointWorkflow',
} as const;

export interface BackfillInput {
  backfillId: string;
  connectionId: string;
  /** Inclusive UTC days, YYYY-MM-DD. */
  from: string;
  to: string;
  chunkDays: number;
  /** Where a continued-as-new run picks up. */
  nextChunk?: number;
  kpisWritten?: number;
}

export interface BackfillProgress {
  chunksDone: number;
  chunksTotal: number;
  kpisWritten: number;
}
export const backfillProgressQuery = defineQuery<BackfillProgress>('backfillProgress');

export interface OnboardingTimeouts {
  authorizationMs: number;
  configMs: number;
  failedWaitMs: number;
}

export interface OnboardingInput {
  connectionId: string;
  /** Re-consent of an existing OAuth connection: wait for a new authorization despite old tokens. */
  reauthorize?: boolean;
  /** Waits, in ms, from configuration; absent in runs started before onboarding-v2. */
  timeouts?: OnboardingTimeouts;
  /**
   * A person is connecting (a Connect session created it): wait in Configure for their choice of
   * the provider's asked choices (`askedChoices`), even when the config is already valid.
   */
  askChoices?: boolean;
}

/** The patch id guarding the v2 onboarding (OAuth, waits, retry, cancel). */
export const ONBOARDING_V2 = 'onboarding-v2';
/**
 * Inside v2: a change update answers at once when the loop is not waiting for that kind of
 * change, and at most one update per kind waits for the loop, so no request hangs and no
 * client fills the workflow's in-flight update limit.
 */
export const ONBOARDING_PROMPT_UPDATES = 'onboarding-prompt-updates';
/**
 * The patch id guarding the one-activity sync (runSync: load, fetch, upsert and record in one
 * activity); runs started before it replay their four activities.
 */
export const SYNC_ONE_ACTIVITY = 'sync-one-activity';
/**
 * Inside v2: onboarding's bookkeeping (progress rows, the connection's checks, activation) as
 * local activities, in the workflow task that needs them instead of a round trip each.
 */
export const ONBOARDING_LOCAL_BOOKKEEPING = 'onboarding-local-bookkeeping';
/**
 * Inside v2: with `askChoices`, Configure waits for the person's config (their pick, or the
 * default kept) while a provider's asked choice is unset; runs before it test at once.
 */
export const ONBOARDING_ASK_CHOICES = 'onboarding-ask-choices';

export interface SyncInput {
  connectionId: string;
}

/** What a user sees when something failed: what happened and what to do next. */
export type FailureReport = LastError;

export interface OnboardingProgress {
  step: OnboardingStep;
  state: OnboardingState;
  attempts: number;
  lastError: FailureReport | null;
}

export interface OnboardingResult {
  outcome: 'active' | 'failed';
  lastError: FailureReport | null;
}

export interface SyncResult {
  syncRunId: string;
  kpisWritten: number;
}

export const onboardingProgressQuery = defineQuery<OnboardingProgress>('onboardingProgress');
/** v1 only: support or the client asks a failed onboarding to test again. */
export const retryOnboardingSignal = defineSignal('retryOnboarding');

/**
 * The OAuth callback's result, handed over by the API. The code is sealed with the
 * credentials key before it enters Temporal, and useless without the sealed PKCE verifier.
 */
export interface AuthorizationResult {
  stateHash: string;
  sealedCode?: string;
  error?: string;
  errorDescription?: string;
}

/** Answers once the workflow has acted on it: connected (moved on) or failed (with why). */
export const submitAuthorizationUpdate = defineUpdate<OnboardingProgress, [AuthorizationResult]>('submitAuthorization');
/**
 * A change update's answer. `pending`: onboarding has noted the change but is still busy with an
 * earlier one of the same kind, and will read this one with it (runs before
 * onboarding-prompt-updates never set it).
 */
export interface ChangeAnswer extends OnboardingProgress {
  pending?: boolean;
}

/** New credentials or config were stored by the API; the workflow re-reads them. */
export const credentialsChangedUpdate = defineUpdate<ChangeAnswer, []>('credentialsChanged');
export const configChangedUpdate = defineUpdate<ChangeAnswer, []>('configChanged');
/** Test a failed onboarding again (or, for OAuth, wait for the new authorization). */
export const retryOnboardingUpdate = defineUpdate<ChangeAnswer, []>('retryOnboarding');
