import type { Kysely } from 'kysely';
import { findConnection } from '../db/repositories/connections.js';
import type { Database } from '../db/schema.js';
import type { ConnectionRow } from '../db/tables/connections.js';
import type { ConnectionChanges } from '../platform/connection-changes.js';
import { presentConnection } from './presenters.js';

/**
 * How often an open stream re-reads its row when no notification woke it: only a lost one (a
 * listener reconnecting) waits this long. Below HEARTBEAT_MS, which is checked at each re-read.
 */
export const FALLBACK_READ_MS = 5_000;
/** A stream ends after this long anyway; the page simply opens another. */
export const MAX_STREAM_MS = 5 * 60_000;
const HEARTBEAT_MS = 15_000;

/**
 * Nothing more will happen without a person: onboarding failed, the connection is gone, or it is
 * active with its first sync recorded. `error` is not terminal: a fix in progress moves it on.
 */
export function isTerminal(row: ConnectionRow): boolean {
  if (row.status === 'disconnected' || row.status === 'failed' || row.onboarding_state === 'failed') return true;
  return (row.status === 'active' || row.status === 'paused') && row.last_sync_status !== null;
}

/** What a progress event carries: the connection as the API shows it, and the KPIs its syncs wrote. */
async function progressOf(db: Kysely<Database>, row: ConnectionRow) {
  const written = row.last_sync_status
    ? await db.selectFrom('kpi_values').select('kpi_key').distinct().where('connection_id', '=', row.id).orderBy('kpi_key').execute()
    : [];
  return { ...presentConnection(row), kpisWritten: written.map((k) => k.kpi_key) };
}

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Resolves when `changes` wakes this connection, after `ms`, or when `signal` aborts. A wake
 * that comes while the stream is reading (not waiting) is kept for the next wait, never lost.
 */
function changeWaiter(changes: ConnectionChanges, connectionId: string, signal: AbortSignal) {
  let woken = false;
  let resolveWait: (() => void) | undefined;
  const unsubscribe = changes.subscribe(connectionId, () => {
    woken = true;
    resolveWait?.();
  });
  return {
    unsubscribe,
    wait: (ms: number) =>
      new Promise<void>((resolve) => {
        if (woken || signal.aborted) return resolve();
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
        resolveWait = done;
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolveWait = undefined;
          resolve();
        }
      }).then(() => {
        woken = false;
      }),
  };
}

export interface ProgressStreamOptions {
  changes: ConnectionChanges;
  fallbackMs: number;
}

/**
 * Server-sent events for one connection, read from its row (Postgres is the read model, so no
 * Temporal call) whenever `changes` says it changed: an event whenever what the page shows
 * changes, a comment as heartbeat, and the end once the state is terminal, the stream is old, or
 * `signal` aborts (client gone, shutdown).
 */
export async function* progressEvents(
  db: Kysely<Database>,
  connectionId: string,
  signal: AbortSignal,
  { changes, fallbackMs }: ProgressStreamOptions,
): AsyncGenerator<string> {
  const started = Date.now();
  let last = '';
  let lastWrite = Date.now();
  // Subscribed before the first read: a change committed in between still wakes the next wait.
  const waiter = changeWaiter(changes, connectionId, signal);
  try {
    yield 'retry: 1000\n\n';
    while (!signal.aborted && Date.now() - started < MAX_STREAM_MS) {
      const row = await findConnection(db, connectionId, null);
      if (!row) return;
      const progress = await progressOf(db, row);
      // updatedAt moves on writes that change nothing shown; compare without it.
      const shown = JSON.stringify({ ...progress, updatedAt: undefined, sync: { ...progress.sync, stale: undefined } });
      if (shown !== last) {
        last = shown;
        lastWrite = Date.now();
        yield frame('progress', progress);
      } else if (Date.now() - lastWrite > HEARTBEAT_MS) {
        lastWrite = Date.now();
        yield ': heartbeat\n\n';
      }
      if (isTerminal(row)) return;
      await waiter.wait(Math.min(fallbackMs, MAX_STREAM_MS - (Date.now() - started)));
    }
  } finally {
    waiter.unsubscribe();
  }
}
