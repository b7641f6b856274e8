import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { wakeWebhookEndpointSignal, type WebhookEndpointInput } from './definitions.js';
import { bookkeeping } from './proxies.js';

/**
 * Sending: one call delivers pending events (in order per connection, several connections at
 * once) for up to ~20 s. It heartbeats, so a worker
 * that dies mid-send is noticed in seconds and the call runs again elsewhere (the event in flight
 * may then reach the receiver a second time, with the same webhook-id). A receiver's answer is
 * never an activity failure, so these retries are for our own outages only.
 */
const sending = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** With nothing to do, the workflow still looks again this often: a lost notification only delays. */
export const IDLE_RECHECK_MS = 5 * 60_000;

/**
 * Delivers one webhook endpoint's events, in outbox order per connection: takes the tenant's new events
 * into pending deliveries, sends them, and sleeps (a durable timer) until the first pending one
 * is due again or it is woken (new events, a redelivery, a changed endpoint). Ends when the
 * endpoint is deleted or disabled; a wake starts it again.
 */
export async function webhookEndpointWorkflow(input: WebhookEndpointInput): Promise<'gone' | 'disabled'> {
  let woken = false;
  setHandler(wakeWebhookEndpointSignal, () => {
    woken = true;
  });
  for (;;) {
    woken = false;
    const taken = await bookkeeping.takeNewEvents(input.endpointId);
    if (taken.state !== 'taken') return taken.state;
    const sent = await sending.deliverPending(input.endpointId);
    if (sent.state === 'gone' || sent.state === 'disabled') return sent.state;
    if (!taken.more && sent.state !== 'more') {
      const waitMs = sent.state === 'waiting' ? sent.untilMs - Date.now() : IDLE_RECHECK_MS;
      if (waitMs > 0) await condition(() => woken, waitMs);
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      // A wake that arrived meanwhile is not lost: the new run starts by taking new events.
      return continueAsNew<typeof webhookEndpointWorkflow>(input);
    }
  }
}
