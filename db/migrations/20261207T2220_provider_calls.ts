import { sql, type Kysely } from 'kysely';

// The vendor call log (issue 24): each request a sync run or an onboarding test made to the
// vendor, bounded per connection (last N calls, and days) by whoever writes it. Never a
// credential: paths carry ids as {id}, queries only their parameters' names, and error text is
// scrubbed of what the request carried before it is kept.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('provider_calls')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('connections.id').onDelete('cascade'))
    .addColumn('sync_run_id', 'bigint', (c) => c.references('sync_runs.id').onDelete('cascade'))
    .addColumn('onboarding_attempt', 'integer')
    .addColumn('activity_attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('query_keys', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('status', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('retry_after_ms', 'integer')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('request_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('provider_calls_connection_idx').on('provider_calls').columns(['connection_id', 'id desc']).execute();
  await db.schema.createIndex('provider_calls_run_idx').on('provider_calls').columns(['sync_run_id', 'id']).where(sql.ref('sync_run_id'), 'is not', null).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('provider_calls').execute();
}
