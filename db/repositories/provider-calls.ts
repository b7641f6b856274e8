import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { NewProviderCall, ProviderCallRow } from '../tables/provider-calls.js';

type Db = Kysely<Database> | Transaction<Database>;

/** How much of the call log a connection keeps: its last `maxCalls` calls, none older than `maxAgeMs`. */
export interface CallLogBounds {
  maxCalls: number;
  maxAgeMs: number;
}

/**
 * Writes calls and trims the connection's log to its bounds (its last `maxCalls` calls before
 * these, none older than `maxAgeMs`), in one statement: a statement has no gap between queries
 * in which a dropped database connection would surface as an uncaught error, and the log never
 * grows past its bounds by more than one batch.
 */
export async function recordProviderCalls(db: Kysely<Database>, connectionId: string, calls: NewProviderCall[], bounds: CallLogBounds): Promise<void> {
  if (calls.length === 0) return;
  await db
    .with('inserted', (q) => q.insertInto('provider_calls').values(calls).returning('id'))
    .deleteFrom('provider_calls')
    .where('connection_id', '=', connectionId)
    .where((eb) =>
      eb.or([
        eb('at', '<', new Date(Date.now() - bounds.maxAgeMs)),
        eb(
          'id',
          '<=',
          eb.selectFrom('provider_calls').select('id').where('connection_id', '=', connectionId).orderBy('id', 'desc').offset(bounds.maxCalls).limit(1),
        ),
      ]),
    )
    .execute();
}

/** A run's calls, in the order they were made. */
export async function listRunCalls(db: Db, connectionId: string, syncRunId: string): Promise<ProviderCallRow[]> {
  return db.selectFrom('provider_calls').selectAll().where('connection_id', '=', connectionId).where('sync_run_id', '=', syncRunId).orderBy('id').execute();
}

/** The calls of the onboarding's connection tests (one attempt, or all kept), in the order they were made. */
export async function listOnboardingCalls(db: Db, connectionId: string, attempt?: number): Promise<ProviderCallRow[]> {
  let query = db.selectFrom('provider_calls').selectAll().where('connection_id', '=', connectionId).where('sync_run_id', 'is', null).where('onboarding_attempt', 'is not', null);
  if (attempt !== undefined) query = query.where('onboarding_attempt', '=', attempt);
  return query.orderBy('id').execute();
}
