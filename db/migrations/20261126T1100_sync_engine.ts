import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('connections')
    // The intended state of the schedule (pause/resume); the reconciler repairs Temporal from it.
    .addColumn('sync_paused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('initial_history_days', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_sync_error', 'jsonb')
    .execute();
  await db.schema
    .alterTable('sync_runs')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('scheduled'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('backfills')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('connections.id'))
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('chunks_total', 'integer', (c) => c.notNull())
    .addColumn('chunks_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('kpis_written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('backfills_connection_idx').on('backfills').columns(['connection_id', 'created_at desc']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backfills').execute();
  await db.schema.alterTable('sync_runs').dropColumn('kind').dropColumn('attempts').execute();
  await db.schema
    .alterTable('connections')
    .dropColumn('sync_paused')
    .dropColumn('initial_history_days')
    .dropColumn('consecutive_failures')
    .dropColumn('last_sync_error')
    .execute();
}
