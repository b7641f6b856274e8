/**
 * When a failed webhook delivery is tried again: the Standard Webhooks schedule (immediately,
 * then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, …), extended with 10 h steps until it spans more
 * than three days, the minimum the issue asks receivers to be given to recover.
 */
export interface WebhookRetryPolicy {
  /** Waits before the 2nd, 3rd, … attempt of one delivery; when they run out the delivery fails. */
  retryDelaysMs: readonly number[];
  /** An endpoint failing every attempt for this long is disabled. */
  disableAfterFailingMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const STANDARD_WEBHOOK_RETRY_POLICY: WebhookRetryPolicy = {
  retryDelaysMs: [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, ...Array<number>(7).fill(10 * HOUR)],
  disableAfterFailingMs: 5 * 24 * HOUR,
};

export type RetryDecision = { retryAt: Date } | { giveUp: true };

/** After `attemptsMade` failed attempts (at least 1), ending at `now`: when to try again, or give up. */
export function nextAttempt(policy: WebhookRetryPolicy, attemptsMade: number, now: Date): RetryDecision {
  const delay = policy.retryDelaysMs[attemptsMade - 1];
  return delay === undefined ? { giveUp: true } : { retryAt: new Date(now.getTime() + delay) };
}

/** Whether an endpoint failing since `failingSince` has failed long enough to be disabled. */
export function failedTooLong(policy: WebhookRetryPolicy, failingSince: Date, now: Date): boolean {
  return now.getTime() - failingSince.getTime() >= policy.disableAfterFailingMs;
}
