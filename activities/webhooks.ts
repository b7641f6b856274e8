import { Context } from '@temporalio/activity';
import { eventEnvelope } from '../db/repositories/events.js';
import {
  disableEndpoint,
  clearFailing,
  nextPendingDeliveries,
  recordDelivered,
  recordFailed,
  takeNewEvents,
  TAKE_BATCH,
} from '../db/repositories/webhook-delivery-queue.js';
import type { WebhookEndpointRow } from '../db/tables/webhooks.js';
import { failedTooLong, nextAttempt } from '../domain/webhook-retry.js';
import type { ActivityDeps } from './deps.js';

/** What the delivery workflow does next; plain data, so the workflow never reads a clock. */
export type TakeResult = { state: 'gone' | 'disabled' } | { state: 'taken'; more: boolean };
export type DeliverResult =
  | { state: 'gone' | 'disabled' | 'idle' | 'more' }
  /** The first pending delivery waits for its next attempt (epoch ms). */
  | { state: 'waiting'; untilMs: number };

/** Time one deliverPending call spends before handing back, so the workflow can take new events. */
const DELIVER_BUDGET_MS = 20_000;
const PAGE = 500;

const stateOf = (endpoint: WebhookEndpointRow | undefined) => (!endpoint ? 'gone' : endpoint.enabled ? undefined : 'disabled');

/**
 * Delivery of outbound events to one webhook endpoint. An attempt's outcome (any HTTP answer,
 * a timeout, a refused address) is recorded as data and never thrown: Temporal retries these
 * activities only when our own Postgres fails or the worker dies.
 */
export function webhookActivities({ db, secrets, clock, webhooks }: ActivityDeps) {
  const signingSecrets = (endpoint: WebhookEndpointRow, now: Date): string[] => [
    secrets.open<string>(endpoint.secret_encrypted),
    ...(endpoint.previous_secret_encrypted && endpoint.previous_secret_expires_at && endpoint.previous_secret_expires_at > now
      ? [secrets.open<string>(endpoint.previous_secret_encrypted)]
      : []),
  ];

  return {
    async takeNewEvents(endpointId: string): Promise<TakeResult> {
      return db.transaction().execute(async (trx) => {
        const endpoint = await trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).forUpdate().executeTakeFirst();
        const state = stateOf(endpoint);
        if (state) return { state };
        const read = await takeNewEvents(trx, endpoint!);
        return { state: 'taken', more: read >= TAKE_BATCH };
      });
    },

    /** Sends the endpoint's pending deliveries in outbox order until one must wait, none is left, or the budget is spent. */
    async deliverPending(endpointId: string): Promise<DeliverResult> {
      const endpoint = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).executeTakeFirst();
      const state = stateOf(endpoint);
      if (state) return { state };
      const target = endpoint!;
      const keys = signingSecrets(target, clock());
      const { policy, sender } = webhooks;
      const started = Date.now();
      let failing = target.failing_since !== null;
      const context = Context.current();
      // A worker that dies mid-attempt is noticed within the heartbeat timeout, not the whole one.
      const beat = setInterval(() => context.heartbeat(), 2_000);
      // A 2xx is recorded while the next event is on its way: each event is still sent at most
      // once more after a crash, and everything recorded is awaited before any other read or write.
      let recorded: Promise<void> = Promise.resolve();
      try {
        for (;;) {
          await recorded;
          const page = await nextPendingDeliveries(db, endpointId, PAGE);
          if (page.length === 0) return { state: 'idle' };
          for (const delivery of page) {
            const at = clock();
            if (delivery.next_attempt_at && delivery.next_attempt_at > at) return { state: 'waiting', untilMs: delivery.next_attempt_at.getTime() };
            if (Date.now() - started > DELIVER_BUDGET_MS) return { state: 'more' };
            const sent = await sender.send({ url: target.url, id: delivery.event.id, body: JSON.stringify(eventEnvelope(delivery.event)), secrets: keys, at });
            const attempt = { at, statusCode: sent.statusCode, error: sent.error, excerpt: sent.excerpt };
            if (sent.outcome === 'delivered') {
              const wasFailing = failing;
              recorded = recorded.then(async () => {
                await recordDelivered(db, delivery.id, attempt);
                if (wasFailing) await clearFailing(db, endpointId);
              });
              // Handled where it is awaited; this only keeps Node from calling it unhandled meanwhile.
              recorded.catch(() => undefined);
              failing = false;
              continue;
            }
            await recorded;
            failing = true;
            if (sent.outcome === 'gone') {
              await recordFailed(db, delivery.id, endpointId, attempt, null);
              await disableEndpoint(db, target, 'the receiver answered 410 Gone');
              return { state: 'disabled' };
            }
            const decision = nextAttempt(policy, delivery.attempts + 1, at);
            const retryAt = 'retryAt' in decision ? decision.retryAt : null;
            const failingSince = await recordFailed(db, delivery.id, endpointId, attempt, retryAt);
            if (failedTooLong(policy, failingSince, at)) {
              await disableEndpoint(db, target, `every attempt failed since ${failingSince.toISOString()}`);
              return { state: 'disabled' };
            }
            // Strict order: a delivery waiting for its retry holds the later ones of this endpoint.
            if (retryAt) return { state: 'waiting', untilMs: retryAt.getTime() };
          }
        }
      } finally {
        clearInterval(beat);
        await recorded;
      }
    },
  };
}
