import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

const bookkeepingOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;

/** Bookkeeping against our own Postgres: quick, and retried until it works. */
export const bookkeeping = proxyActivities<Activities>(bookkeepingOptions);

/**
 * The same bookkeeping run by the worker that holds the workflow, inside the workflow task that
 * needs it: no task queue round trip and no workflow task of its own, which is most of what a
 * quick Postgres write costs as a regular activity. Only for work that is quick and needs no
 * heartbeat; provider calls stay regular activities.
 */
export const localBookkeeping = proxyLocalActivities<Activities>(bookkeepingOptions);

/**
 * Calls to a provider: a bounded retry budget (Retry-After honoured through nextRetryDelay),
 * after which the failure reaches the workflow and is shown to the user.
 */
export const providerCalls = (startToCloseTimeout: '2 minutes' | '5 minutes') =>
  proxyActivities<Activities>({
    startToCloseTimeout,
    // A worker that dies mid-call is noticed within this, not after the whole timeout.
    heartbeatTimeout: '10 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
  });
