import { condition, log, setHandler } from '@temporalio/workflow';
import {
  onboardingProgressQuery,
  retryOnboardingSignal,
  type ConnectionStatus,
  type OnboardingInput,
  type OnboardingProgress,
  type OnboardingResult,
  type OnboardingState,
  type OnboardingStep,
} from './definitions.js';
import { describeFailure } from './failures.js';
import { bookkeeping, providerCalls } from './proxies.js';

const provider = providerCalls('2 minutes');

/** How long a failed onboarding waits for someone to retry before it ends (the row stays `failed`). */
const FAILED_WAIT = '30 days';

class Progress {
  step: OnboardingStep = 'connect';
  state: OnboardingState = 'running';
  attempts = 0;
  lastError: OnboardingProgress['lastError'] = null;
  retryRequested = false;

  snapshot(): OnboardingProgress {
    return { step: this.step, state: this.state, attempts: this.attempts, lastError: this.lastError };
  }
}

/**
 * The walking skeleton's onboarding (API-key credentials at creation, test, activate), kept
 * unchanged so that runs started before the `onboarding-v2` patch still replay. New runs take
 * onboarding.ts. Delete this file once no v1 run can be open (deprecatePatch first).
 */
export async function onboardingV1({ connectionId }: OnboardingInput): Promise<OnboardingResult> {
  const progress = new Progress();
  setHandler(onboardingProgressQuery, () => progress.snapshot());
  setHandler(retryOnboardingSignal, () => {
    progress.retryRequested = true;
  });

  const enter = async (step: OnboardingStep, state: OnboardingState, status: ConnectionStatus): Promise<void> => {
    progress.step = step;
    progress.state = state;
    await bookkeeping.recordOnboarding({ connectionId, status, ...progress.snapshot() });
  };

  await enter('connect', 'running', 'pending');
  await enter('configure', 'running', 'configuring');

  for (;;) {
    progress.attempts += 1;
    await enter('test', 'running', 'testing');
    try {
      await provider.testConnection({ connectionId });
      progress.lastError = null;
      break;
    } catch (error) {
      progress.lastError = describeFailure(error);
      log.warn('connection test failed', { connectionId, code: progress.lastError.code });
      await enter('test', 'failed', 'failed');
      progress.retryRequested = false;
      if (!(await condition(() => progress.retryRequested, FAILED_WAIT))) {
        return { outcome: 'failed', lastError: progress.lastError };
      }
    }
  }

  await enter('activate', 'running', 'testing');
  await bookkeeping.activateConnection({ connectionId });
  progress.step = 'done';
  progress.state = 'completed';
  return { outcome: 'active', lastError: null };
}
