import type { Kysely } from 'kysely';

/**
 * The schedule's next run time, kept beside the connection so reading one never asks Temporal.
 * Existing rows start empty: the reconciler fills them on its next pass (worker start, then
 * every 5 minutes), because a migration cannot ask Temporal and must not guess.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').addColumn('next_sync_at', 'timestamptz').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').dropColumn('next_sync_at').execute();
}
