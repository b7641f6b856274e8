import { Context } from '@temporalio/activity';
import { eventEnvelope } from '../db/repositories/events.js';
import {
  disableEndpoint,
  clearFailing,
  committedEventsBound,
  nextDueDeliveries,
  nextRetryAt,
  recordDelivered,
  type AttemptRecord,
  type PendingDelivery,
  recordFailed,
  takeNewEvents,
  TAKE_BATCH,
} from '../db/repositories/webhook-delivery-queue.js';
import type { WebhookEndpointRow } from '../db/tables/webhooks.js';
import { failedTooLong, nextAttempt } from '../domain/webhook-retry.js';
import type { ActivityDeps } from './deps.js';

/** What the delivery workflow does next; plain data, so the workflow never reads a clock. */
export type TakeResult = { state: 'gone' | 'disabled' } | { state: 'taken'; read: number; more: boolean };
export type DeliverResult =
  | { state: 'gone' | 'disabled' | 'idle' | 'more' }
  /** The first pending delivery waits for its next attempt (epoch ms). */
  | { state: 'waiting'; untilMs: number };

/** Time one deliverPending call spends before handing back, so the workflow can take new events. */
const DELIVER_BUDGET_MS = 20_000;
const PAGE = 500;
/**
 * Deliveries in flight at once per endpoint. Order is promised per connection, so each lane
 * carries one connection's events in order and the lanes run side by side.
 */
const LANES = 8;
/** 2xx answers are recorded together once this many wait (and before anything else is written). */
const RECORD_BATCH = 100;

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

  async function take(endpointId: string): Promise<TakeResult> {
    const found = await db.selectFrom('webhook_endpoints').select('tenant_id').where('id', '=', endpointId).executeTakeFirst();
    if (!found) return { state: 'gone' };
    // Read before the endpoint's row is locked: the tenant lock is never waited for while holding it.
    const bound = await committedEventsBound(db, found.tenant_id);
    return db.transaction().execute(async (trx) => {
      const endpoint = await trx.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).forUpdate().executeTakeFirst();
      const state = stateOf(endpoint);
      if (state) return { state };
      const read = await takeNewEvents(trx, endpoint!, bound);
      return { state: 'taken', read, more: read >= TAKE_BATCH };
    });
  }

  return {
    takeNewEvents: take,

    /**
     * Sends the endpoint's due deliveries until none is left, the budget is spent or the endpoint
     * is disabled. A failure holds back only its own connection's later events.
     */
    async deliverPending(endpointId: string): Promise<DeliverResult> {
      const endpoint = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).executeTakeFirst();
      const state = stateOf(endpoint);
      if (state) return { state };
      const target = endpoint!;
      const keys = signingSecrets(target, clock());
      const { policy, sender } = webhooks;
      const started = Date.now();
      const context = Context.current();
      // A worker that dies mid-attempt is noticed within the heartbeat timeout, not the whole one.
      const beat = setInterval(() => context.heartbeat(), 2_000);
      const delivered = deliveredRecorder(endpointId, target.failing_since !== null);
      try {
        for (;;) {
          const page = await nextDueDeliveries(db, endpointId, clock(), PAGE);
          if (page.length === 0) {
            // While events keep coming (a burst), this call takes them too: one workflow turn per
            // burst instead of one per notification. It stops as soon as a take finds nothing.
            const taken = await take(endpointId);
            if (taken.state !== 'taken') return { state: taken.state };
            if (taken.read > 0) continue;
            const retryAt = await nextRetryAt(db, endpointId);
            return retryAt ? { state: 'waiting', untilMs: retryAt.getTime() } : { state: 'idle' };
          }
          let stop: DeliverResult | undefined;
          await eachLane(lanesOf(page), LANES, async (lane) => {
            for (const delivery of lane) {
              if (stop) return;
              if (Date.now() - started > DELIVER_BUDGET_MS) {
                stop = { state: 'more' };
                return;
              }
              const at = clock();
              const sent = await sender.send({ url: target.url, id: delivery.event.id, body: JSON.stringify(eventEnvelope(delivery.event)), secrets: keys, at });
              const attempt: AttemptRecord = { at, statusCode: sent.statusCode, error: sent.error, excerpt: sent.excerpt };
              if (sent.outcome === 'delivered') {
                delivered.add(delivery.id, attempt);
                continue;
              }
              // What was delivered before this failure is written first, so the log reads in order.
              await delivered.flush();
              if (sent.outcome === 'gone') {
                await recordFailed(db, delivery.id, endpointId, attempt, null);
                await disableEndpoint(db, target, 'the receiver answered 410 Gone');
                stop = { state: 'disabled' };
                return;
              }
              const decision = nextAttempt(policy, delivery.attempts + 1, at);
              const retryAt = 'retryAt' in decision ? decision.retryAt : null;
              const failingSince = await recordFailed(db, delivery.id, endpointId, attempt, retryAt);
              delivered.failed();
              if (failedTooLong(policy, failingSince, at)) {
                await disableEndpoint(db, target, `every attempt failed since ${failingSince.toISOString()}`);
                stop = { state: 'disabled' };
                return;
              }
              // This connection's later events wait for the retry; a delivery given up lets them go.
              if (retryAt) return;
            }
          });
          await delivered.flush();
          if (stop) return stop;
        }
      } finally {
        clearInterval(beat);
        await delivered.flush();
      }
    },
  };

  /**
   * Gathers 2xx answers and writes them a batch at a time, one write after the other. A worker
   * that dies before a batch is written sends those events once more, with the same webhook-id.
   */
  function deliveredRecorder(endpointId: string, failingAtStart: boolean) {
    let batch: { deliveryId: string; attempt: AttemptRecord }[] = [];
    let failing = failingAtStart;
    let writing: Promise<void> = Promise.resolve();
    const flush = (): Promise<void> => {
      const taken = batch;
      batch = [];
      writing = writing.then(async () => {
        if (taken.length === 0) return;
        await recordDelivered(db, taken);
        if (failing) {
          failing = false;
          await clearFailing(db, endpointId);
        }
      });
      return writing;
    };
    return {
      add(deliveryId: string, attempt: AttemptRecord) {
        batch.push({ deliveryId, attempt });
        // Written meanwhile; a failure surfaces at the next awaited flush.
        if (batch.length >= RECORD_BATCH) flush().catch(() => undefined);
      },
      /** A failure was recorded: the next 2xx ends the endpoint's failing streak again. */
      failed() {
        failing = true;
      },
      flush,
    };
  }
}

/** A page's deliveries by connection, each lane in outbox order. */
function lanesOf(page: PendingDelivery[]): PendingDelivery[][] {
  const lanes = new Map<string, PendingDelivery[]>();
  for (const delivery of page) {
    const key = delivery.event.connection_id ?? '';
    const lane = lanes.get(key);
    if (lane) lane.push(delivery);
    else lanes.set(key, [delivery]);
  }
  return [...lanes.values()];
}

/** Runs `work` over the lanes, at most `width` at a time. */
async function eachLane<T>(lanes: T[], width: number, work: (lane: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (next < lanes.length) await work(lanes[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, lanes.length) }, runner));
}
