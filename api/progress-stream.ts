import type { Kysely } from 'kysely';
import { findConnection } from '../db/repositories/connections.js';
import type { Database } from '../db/schema.js';
import type { ConnectionRow } from '../db/tables/connections.js';
import { presentConnection } from './presenters.js';

/** How often an open stream re-reads its connection row: well within the page's one-second promise. */
export const POLL_MS = 250;
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
 * Server-sent events for one connection, read from its row (Postgres is the read model, so no
 * Temporal call): an event whenever what the page shows changes, a comment as heartbeat, and the
 * end once the state is terminal, the stream is old, or `signal` aborts (client gone, shutdown).
 */
export async function* progressEvents(db: Kysely<Database>, connectionId: string, signal: AbortSignal): AsyncGenerator<string> {
  const started = Date.now();
  let last = '';
  let lastWrite = Date.now();
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
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, POLL_MS);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
