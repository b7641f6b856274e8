import type { Kysely, Transaction } from 'kysely';
import type { ConnectionEventData, ConnectionEventType } from '../../domain/events.js';
import { presentConnection } from '../connection-view.js';
import { withUserMessage } from '../../domain/failure-messages.js';
import { connectionTransitionEvents, type ConnectionState } from '../../domain/connection-transitions.js';
import type { Database } from '../schema.js';
import type { BackfillRow } from '../tables/backfills.js';
import type { ConnectionRow } from '../tables/connections.js';
import type { SyncRunRow } from '../tables/sync-runs.js';
import { recordEvent } from './events.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Runs `change` in the caller's transaction, or in one of its own: a state change and the
 * events it writes must commit together, whoever calls the repository.
 */
export function inTransaction<T>(db: Db, change: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? change(db as Transaction<Database>) : db.transaction().execute(change);
}

async function record<T extends ConnectionEventType>(trx: Db, type: T, connection: ConnectionRow, data: Omit<ConnectionEventData<T>, 'connection'>): Promise<void> {
  await recordEvent(trx, {
    type,
    tenantId: connection.tenant_id,
    connectionId: connection.id,
    data: { connection: presentConnection(connection), ...data },
  });
}

export async function recordConnectionCreated(trx: Db, connection: ConnectionRow): Promise<void> {
  await record(trx, 'connection.created', connection, {});
}

/** The events a committed change of the connection means (none when nothing that matters changed). */
export async function recordConnectionTransition(trx: Db, before: ConnectionState, after: ConnectionRow): Promise<void> {
  for (const type of connectionTransitionEvents(before, after)) {
    if (type === 'connection.failed') {
      await record(trx, type, after, { lastError: withUserMessage(after.onboarding_last_error!) });
    } else if (type === 'connection.error' || type === 'connection.reauthorization_required') {
      await record(trx, type, after, { lastError: withUserMessage(after.last_sync_error!) });
    } else {
      await record(trx, type, after, {});
    }
  }
}

const syncEventTypes = { succeeded: 'sync.succeeded', partial: 'sync.partial', empty: 'sync.empty', failed: 'sync.failed' } as const;

/**
 * A finished scheduled run. Backfill chunks are runs too, but they report once, as
 * `backfill.completed`: a 13-chunk backfill is not 13 syncs to the receiver. A run that met an
 * outage of Onramp's own Postgres or Temporal (`infrastructure_unavailable`) reports nothing:
 * it is ours to fix and the next run catches up, so a receiver that alerts on `sync.failed` must
 * not page its customers for it (operators see it in metrics and the worker log instead).
 */
export async function recordSyncRunFinished(trx: Db, run: SyncRunRow): Promise<void> {
  if (run.kind !== 'scheduled' || run.status === 'running') return;
  if (run.status === 'failed' && run.error?.code === 'infrastructure_unavailable') return;
  const connection = await trx.selectFrom('connections').selectAll().where('id', '=', run.connection_id).executeTakeFirstOrThrow();
  await record(trx, syncEventTypes[run.status], connection, {
    run: {
      id: run.id,
      window: { from: run.window_start.toISOString(), to: run.window_end.toISOString() },
      kpisWritten: run.kpis_written,
      error: withUserMessage(run.error),
      missingPeriods: run.missing_periods.map((p) => ({ ...p, error: withUserMessage(p.error) })),
    },
  });
}

export async function recordBackfillCompleted(trx: Db, backfill: BackfillRow): Promise<void> {
  const connection = await trx.selectFrom('connections').selectAll().where('id', '=', backfill.connection_id).executeTakeFirstOrThrow();
  await record(trx, 'backfill.completed', connection, {
    backfill: { id: backfill.id, from: backfill.period_from, to: backfill.period_to, kpisWritten: backfill.kpis_written },
  });
}
