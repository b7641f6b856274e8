import { ApplicationFailure, log } from '@temporalio/activity';
import { outageOf, ownPartNames } from '../platform/outages.js';
import { ProviderError } from '../providers/errors.js';
import { failureTypes } from '../workflows/failures.js';

/**
 * The activity edge: the one place provider errors become Temporal failures.
 * Auth, permission and config problems are non-retryable (a person must act); rate limits and
 * outages are retried by Temporal, after the wait the provider asked for when it gave one.
 */
export function toApplicationFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error;
  const part = outageOf(error);
  if (part) {
    // Retryable, and typed so the workflows never count it against the connection.
    return ApplicationFailure.create({
      type: failureTypes.infrastructure_unavailable,
      message: `${ownPartNames[part]} is unavailable: ${(error as Error).message}`,
      nonRetryable: false,
      details: [{ hint: 'Onramp retries once its own part is back.', part }],
    });
  }
  if (!(error instanceof ProviderError)) return error;
  return ApplicationFailure.create({
    type: failureTypes[error.kind],
    message: error.message,
    // The kind's rule, or the vendor's own word when it gave one (Stripe-Should-Retry: false).
    nonRetryable: !error.retryable,
    nextRetryDelay: error.retryAfterMs,
    // userMessage only when the provider wrote one: the code's default is added where it is shown.
    details: [{ hint: error.hint, ...(error.userMessage ? { userMessage: error.userMessage } : {}) }],
  });
}

export async function atActivityEdge<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApplicationFailure(error);
  }
}

export function connectionNotFound(connectionId: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: failureTypes.connection_not_found,
    message: `connection ${connectionId} does not exist`,
    nonRetryable: true,
    details: [{ hint: 'The connection was deleted; nothing to do.' }],
  });
}

/**
 * Attempts (about 30 s of the bookkeeping backoff) during which a missing row is taken for one
 * whose insert has not committed yet, rather than one that was deleted.
 */
export const ROW_VISIBILITY_ATTEMPTS = 6;

/**
 * The API starts onboarding inside the transaction that inserts the connection (so a refused
 * start keeps nothing), which means the workflow's first read can run before that commit is
 * visible, most often on a loaded machine. Retrying lets the commit land; only a row still
 * missing after that is gone for good.
 */
export function connectionNotVisibleYet(connectionId: string, attempt: number): ApplicationFailure {
  if (attempt >= ROW_VISIBILITY_ATTEMPTS) return connectionNotFound(connectionId);
  return ApplicationFailure.create({
    type: failureTypes.connection_not_found,
    message: `connection ${connectionId} is not visible yet (its creation may not have committed); retrying`,
    nonRetryable: false,
  });
}

/**
 * POST …/backfill starts the workflow inside the transaction that inserts the backfill's row
 * (so a refused start keeps nothing): with eager dispatch a first chunk can finish before that
 * commit, and counting it would change nothing, leaving the backfill `running` for good. The
 * chunk's transaction rolls back instead and Temporal runs the chunk again once the row is there.
 */
export function backfillNotVisibleYet(backfillId: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: failureTypes.backfill_not_found,
    message: `backfill ${backfillId} is not visible yet (its creation may not have committed); retrying the chunk`,
    nonRetryable: false,
  });
}

type AnyActivity = (...args: never[]) => Promise<unknown>;

/**
 * Every activity's failures pass the one classification on their way out, so an outage of
 * Postgres or Temporal inside bookkeeping is reported (and logged) as ours, never as the
 * provider's or as an unexplained internal error.
 */
export function classifyActivityFailures<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args) => {
      try {
        return await activity(...args);
      } catch (error) {
        const failure = toApplicationFailure(error);
        if (failure instanceof ApplicationFailure && failure.type === failureTypes.infrastructure_unavailable && failure !== error) {
          log.warn('infrastructure unavailable', { activity: name, part: (failure.details?.[0] as { part?: string } | undefined)?.part, error: failure.message });
        }
        throw failure;
      }
    };
  }
  return wrapped as T;
}
