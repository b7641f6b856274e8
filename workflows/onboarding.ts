import {
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  setHandler,
} from '@temporalio/workflow';
import {
  configChangedUpdate,
  credentialsChangedUpdate,
  ONBOARDING_ASK_CHOICES,
  ONBOARDING_LOCAL_BOOKKEEPING,
  ONBOARDING_PROMPT_UPDATES,
  ONBOARDING_V2,
  onboardingProgressQuery,
  retryOnboardingUpdate,
  submitAuthorizationUpdate,
  type AuthorizationResult,
  type ChangeAnswer,
  type ConnectionStatus,
  type FailureReport,
  type OnboardingInput,
  type OnboardingProgress,
  type OnboardingResult,
  type OnboardingState,
  type OnboardingStep,
} from './definitions.js';
import { describeFailure } from './failures.js';
import { bookkeeping, localBookkeeping, providerCalls } from './proxies.js';
import { onboardingV1 } from './onboarding-v1.js';

const provider = providerCalls('2 minutes');

const DEFAULT_TIMEOUTS = { authorizationMs: 3_600_000, configMs: 7 * 86_400_000, failedWaitMs: 30 * 86_400_000 };

type Step = Exclude<OnboardingStep, 'done'>;
/** What a person can change while onboarding runs; each has its own update. */
type ChangeKind = 'credentials' | 'config' | 'retry';

/** A step that cannot go on until a person acts; carries what to tell them. */
class NeedsPerson extends Error {
  constructor(readonly report: FailureReport) {
    super(report.message);
  }
}

/** Everything the handlers and the main loop share; small, so it stays easy to reason about. */
class Onboarding {
  step: OnboardingStep = 'connect';
  state: OnboardingState = 'running';
  attempts = 0;
  lastError: FailureReport | null = null;
  authorization: AuthorizationResult | undefined;
  credentialsChanged = false;
  configChanged = false;
  retryRequested = false;
  /** A person sent config during this onboarding: the provider's asked choices are theirs now. */
  configChosen = false;
  /** Set while the failure is being recorded: Postgres may already say `failed` to a caller. */
  failing = false;
  /** Bumped by every change update; `consumedSeq` is how far the main loop has acted on them. */
  changeSeq = 0;
  consumedSeq = 0;
  /** The changes the loop's current wait wakes on; set before each wait, emptied by `wake`. */
  awaiting: readonly ChangeKind[] = [];
  /** Kinds with an update handler already waiting for the loop (at most one each). */
  readonly waiters = new Set<ChangeKind>();

  /** A wait ended: handlers must now wait for the loop to settle again, not answer the old state. */
  wake(): void {
    this.state = 'running';
    this.awaiting = [];
  }
  /** A step that re-reads credentials and config takes every change made so far into account. */
  consumeChanges(): void {
    this.credentialsChanged = false;
    this.configChanged = false;
    this.consumedSeq = this.changeSeq;
  }
  snapshot(): OnboardingProgress {
    return { step: this.step, state: this.state, attempts: this.attempts, lastError: this.lastError };
  }
  isWaitingFor(step: OnboardingStep): boolean {
    return this.step === step && this.state === 'waiting';
  }
  /** Settled in a wait this kind of change does not end: acting on it must wait for a later step. */
  ignores(kind: ChangeKind): boolean {
    return this.settled && !this.awaiting.includes(kind);
  }
  get settled(): boolean {
    return this.state !== 'running';
  }
  get ended(): boolean {
    return this.step === 'done' || this.state === 'cancelled';
  }
}

/**
 * connect → configure → test → activate for one connection (DESIGN.md, "The two workflows").
 * Credentials never pass through here: activities read them, sealed, from Postgres by id.
 */
export async function onboardingWorkflow(input: OnboardingInput): Promise<OnboardingResult> {
  if (!patched(ONBOARDING_V2)) return onboardingV1(input);
  return onboardingV2(input);
}

async function onboardingV2({ connectionId, timeouts = DEFAULT_TIMEOUTS, reauthorize = false, askChoices = false }: OnboardingInput): Promise<OnboardingResult> {
  const o = new Onboarding();
  setHandler(onboardingProgressQuery, () => o.snapshot());

  // Each update answers once the workflow has acted on it, so the API can tell the caller what happened.
  setHandler(
    submitAuthorizationUpdate,
    async (result) => {
      o.authorization = result;
      // Answer as soon as the code is exchanged (or refused): the callback page waits on this.
      await condition(() => o.step !== 'connect' || o.state === 'failed' || o.ended);
      return o.snapshot();
    },
    {
      // A fast provider can send the user back before this run reaches its wait: accept any time
      // in the connect step, once per authorization round.
      validator: (_result: AuthorizationResult) => {
        if (o.step !== 'connect' || o.state === 'failed' || o.authorization !== undefined || o.ended) {
          throw new Error('this connection is not waiting for an authorization');
        }
      },
    },
  );
  // Runs that started before this patch keep the handlers they were started with.
  const prompt = patched(ONBOARDING_PROMPT_UPDATES);
  // Runs from before this patch keep a regular activity (and workflow task) per bookkeeping step.
  const books = patched(ONBOARDING_LOCAL_BOOKKEEPING) ? localBookkeeping : bookkeeping;
  // Only runs a Connect session starts ask; the marker keeps a run begun on an older worker as it began.
  const asksChoices = askChoices && patched(ONBOARDING_ASK_CHOICES);
  // Answers once the loop has acted on this change and is waiting again (or done, or failed).
  const onChange = (kind: ChangeKind, mark: () => void) => async (): Promise<ChangeAnswer> => {
    mark();
    const seq = ++o.changeSeq;
    if (!prompt) {
      await condition(() => o.ended || (o.settled && o.consumedSeq >= seq));
      return o.snapshot();
    }
    // A change the current wait does not end is stored; the step that needs it reads it later.
    if (o.ended || o.ignores(kind)) return o.snapshot();
    // The loop reads every change of a kind when it next acts on that kind: an overlapping one
    // rides along with the update already waiting, which keeps in-flight updates per workflow
    // at one per kind whatever clients send.
    if (o.waiters.has(kind)) return { ...o.snapshot(), pending: true };
    o.waiters.add(kind);
    try {
      await condition(() => o.ended || (o.settled && (o.consumedSeq >= seq || o.ignores(kind))));
    } finally {
      o.waiters.delete(kind);
    }
    return o.snapshot();
  };
  const notEnded = () => {
    if (o.ended) throw new Error('onboarding has ended');
  };
  setHandler(credentialsChangedUpdate, onChange('credentials', () => (o.credentialsChanged = true)), { validator: notEnded });
  setHandler(configChangedUpdate, onChange('config', () => (o.configChanged = true)), { validator: notEnded });
  setHandler(retryOnboardingUpdate, onChange('retry', () => (o.retryRequested = true)), {
    validator: () => {
      if (o.state !== 'failed' && !o.failing) throw new Error(`onboarding is ${o.state}, not failed: nothing to retry`);
    },
  });

  /** Postgres first, then memory: when an update answers, a read of the row agrees with it. */
  const enter = async (step: OnboardingStep, state: OnboardingState, status: ConnectionStatus) => {
    await books.recordOnboarding({
      connectionId,
      status,
      step,
      state,
      attempts: o.attempts,
      lastError: o.lastError,
    });
    o.step = step;
    o.state = state;
  };

  const steps: Record<Step, () => Promise<OnboardingStep>> = {
    async connect() {
      o.consumeChanges();
      const connection = await books.inspectConnection({ connectionId });
      if (connection.hasCredentials && !(reauthorize && connection.authKind === 'oauth2')) return 'configure';
      if (connection.authKind === 'oauth2') {
        await enter('connect', 'waiting', 'pending');
        if (!(await condition(() => o.authorization !== undefined, timeouts.authorizationMs))) {
          throw new NeedsPerson({
            code: 'authorization_timeout',
            message: `The provider's authorization was not completed within ${Math.round(timeouts.authorizationMs / 60_000)} minutes.`,
            hint: 'POST /v1/connections/{id}/retry for a new authorizeUrl and open it.',
          });
        }
        o.wake();
        const result = o.authorization!;
        if (result.error || !result.sealedCode) {
          throw new NeedsPerson({
            code: result.error === 'access_denied' ? 'access_denied' : 'authorization_failed',
            message: `The provider answered ${result.error ?? 'without a code'}${result.errorDescription ? `: ${result.errorDescription}` : ''}.`,
            hint:
              result.error === 'access_denied'
                ? 'Access was declined at the provider. POST /v1/connections/{id}/retry for a new authorizeUrl and approve it.'
                : 'POST /v1/connections/{id}/retry for a new authorizeUrl; if it fails again, check the OAuth client settings.',
          });
        }
        o.consumedSeq = o.changeSeq;
        await enter('connect', 'running', 'pending');
        await provider.exchangeAuthorizationCode({ connectionId, stateHash: result.stateHash, sealedCode: result.sealedCode });
        return 'configure';
      }
      // Set before the state says waiting, so no handler ever sees the wait without it.
      o.awaiting = ['credentials'];
      await enter('connect', 'waiting', 'pending');
      if (!(await condition(() => o.credentialsChanged, timeouts.configMs))) {
        throw new NeedsPerson({
          code: 'credentials_timeout',
          message: 'No credentials arrived in time.',
          hint: 'Send them with PUT /v1/connections/{id}/credentials.',
        });
      }
      o.wake();
      return 'connect';
    },

    async configure() {
      if (o.configChanged) o.configChosen = true;
      o.consumeChanges();
      await enter('configure', 'running', 'configuring');
      const check = await books.checkConfig({ connectionId });
      // A person on the Connect page picks (or keeps the default of) what the provider asks, before any test.
      const choosing = asksChoices && !o.configChosen && (check.unchosen ?? []).length > 0;
      if (check.complete && !choosing) return 'test';
      o.awaiting = ['config'];
      await enter('configure', 'waiting', 'configuring');
      if (!(await condition(() => o.configChanged, timeouts.configMs))) {
        throw new NeedsPerson({
          code: 'config_timeout',
          message: check.complete
            ? `No choice of ${(check.unchosen ?? []).join(', ')} arrived in time.`
            : `Config is incomplete (missing ${check.missing.join(', ')}) and none arrived in time.`,
          hint: 'Send it with PUT /v1/connections/{id}/config (GET /v1/connections/{id}/options lists choices).',
        });
      }
      o.wake();
      return 'configure';
    },

    async test() {
      o.attempts += 1;
      o.consumeChanges();
      await enter('test', 'running', 'testing');
      await provider.testConnection({ connectionId });
      o.lastError = null;
      return 'activate';
    },

    async activate() {
      await enter('activate', 'running', 'testing');
      await books.activateConnection({ connectionId });
      return 'done';
    },
  };

  /** Shows the failure and waits for someone to act; answers where to pick up again, or null. */
  const failAndWait = async (step: Step, report: FailureReport): Promise<Step | null> => {
    o.lastError = report;
    o.retryRequested = false;
    // A new authorization round needs a new callback.
    o.authorization = undefined;
    // Changes that came while the step ran are kept: they wake the wait at once.
    o.failing = true;
    o.awaiting = ['retry', 'credentials', 'config'];
    await enter(step, 'failed', 'failed');
    o.failing = false;
    log.warn('onboarding needs a person', { connectionId, step, code: report.code });
    const woke = await condition(() => o.retryRequested || o.credentialsChanged || o.configChanged, timeouts.failedWaitMs);
    if (!woke) {
      // Nothing will act on a change now: a late one answers at once, so the run can end.
      o.awaiting = [];
      return null;
    }
    o.wake();
    const resumeAt: Step = o.configChanged && step === 'test' ? 'configure' : step;
    o.retryRequested = false;
    // A bare retry is consumed here; credential and config changes by the step that re-reads them.
    if (!o.credentialsChanged && !o.configChanged) o.consumedSeq = o.changeSeq;
    return resumeAt;
  };

  let next: OnboardingStep = 'connect';
  try {
    while (next !== 'done') {
      const step: Step = next;
      try {
        next = await steps[step]();
      } catch (error) {
        if (isCancellation(error)) throw error;
        const report = error instanceof NeedsPerson ? error.report : describeFailure(error);
        const resumeAt = await failAndWait(step, report);
        if (!resumeAt) {
          await condition(allHandlersFinished);
          return { outcome: 'failed', lastError: report };
        }
        next = resumeAt;
      }
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Disconnected during onboarding: leave the row disconnected with nothing secret in it.
    o.state = 'cancelled';
    await CancellationScope.nonCancellable(() => books.markDisconnected({ connectionId }));
    throw error;
  }
  o.step = 'done';
  o.state = 'completed';
  await condition(allHandlersFinished);
  return { outcome: 'active', lastError: null };
}
