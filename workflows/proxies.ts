import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

/** Bookkeeping against our own Postgres: quick, and retried until it works. */
export const bookkeeping = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

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
