import type { Client } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import { EVENTS_CHANNEL } from '../db/repositories/events.js';
import type { Database } from '../db/schema.js';
import { listenReconnecting, type ListenLogger } from './pg-listen.js';
import { wakeWebhookEndpoint } from './webhook-wake.js';

export type EventListenerLogger = ListenLogger;

export interface EventListenerOptions {
  databaseUrl: string;
  db: Kysely<Database>;
  client: Client;
  taskQueue: string;
  logger: EventListenerLogger;
  /** How often every endpoint with undelivered events is woken regardless of notifications. */
  sweepEveryMs?: number;
  /** Notifications arriving within this are answered together: a burst wakes each endpoint once. */
  coalesceMs?: number;
}

export interface EventListener {
  /** Wakes every enabled endpoint with events not yet taken or deliveries due; answers how many. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The outbox's listener in the worker: a dedicated Postgres connection LISTENs on the events
 * channel (the payload is a tenant id) and wakes the delivery workflows of that tenant's enabled
 * endpoints. Notifications are lost while nobody listens, so on every (re)connect and every few
 * minutes it also sweeps: events written while no listener ran are delivered all the same.
 */
export function startEventListener(options: EventListenerOptions): EventListener {
  const { db, client, taskQueue, logger } = options;
  const coalesceMs = options.coalesceMs ?? 50;
  const dirtyTenants = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let closed = false;

  async function wake(endpointIds: string[]): Promise<void> {
    const results = await Promise.allSettled(endpointIds.map((id) => wakeWebhookEndpoint(client, taskQueue, id)));
    const failed = results.filter((r) => r.status === 'rejected');
    // The next sweep wakes them again; nothing is lost meanwhile (the events stay in the outbox).
    if (failed.length > 0) logger.warn({ failed: failed.length, error: String(failed[0]!.reason) }, 'could not wake some webhook endpoints');
  }

  async function flush(): Promise<void> {
    flushTimer = undefined;
    const tenants = [...dirtyTenants];
    dirtyTenants.clear();
    try {
      const endpoints = await db.selectFrom('webhook_endpoints').select('id').where('tenant_id', 'in', tenants).where('enabled', '=', true).execute();
      await wake(endpoints.map((e) => e.id));
    } catch (error) {
      logger.warn({ error: String(error) }, 'could not look up webhook endpoints to wake; the next sweep will');
    }
  }

  function scheduleFlush(): void {
    if (flushTimer || closed) return;
    flushTimer = setTimeout(() => {
      // One flush at a time; notifications meanwhile gather for the next.
      flushing = (flushing ?? Promise.resolve()).then(flush).finally(() => {
        if (dirtyTenants.size > 0) scheduleFlush();
      });
    }, coalesceMs);
  }

  async function sweep(): Promise<number> {
    const { rows } = await sql<{ id: string }>`
      select w.id from webhook_endpoints w
      where w.enabled and (
        exists (select 1 from events e where e.tenant_id = w.tenant_id and e.sequence > w.event_cursor)
        or exists (select 1 from webhook_deliveries d where d.endpoint_id = w.id and d.status = 'pending'
                   and (d.next_attempt_at is null or d.next_attempt_at <= now())))`.execute(db);
    await wake(rows.map((r) => r.id));
    return rows.length;
  }

  const sweepQuietly = () =>
    sweep().catch((error: unknown) => logger.warn({ error: String(error) }, 'webhook sweep failed; retrying at the next one'));

  const listening = listenReconnecting({
    databaseUrl: options.databaseUrl,
    channels: [EVENTS_CHANNEL],
    name: 'outbox listener',
    logger,
    onNotification(_channel, tenantId) {
      dirtyTenants.add(tenantId);
      scheduleFlush();
    },
    // Whatever was written while nobody listened.
    onListening: sweepQuietly,
  });
  const sweeper = setInterval(() => void sweepQuietly(), options.sweepEveryMs ?? 3 * 60_000);

  return {
    sweep,
    async close() {
      closed = true;
      clearInterval(sweeper);
      clearTimeout(flushTimer);
      await listening.close();
      await flushing;
    },
  };
}
