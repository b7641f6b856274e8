import { sql, type Kysely } from 'kysely';

/**
 * The transactional outbox of outbound events: a row is written in the same transaction as the
 * state change it reports, so an event exists if and only if that change committed.
 * `sequence` orders delivery; `id` (evt_…) is what receivers see as `webhook-id`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('sequence', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    // No foreign key: a disconnected connection's events outlive its row's wipe.
    .addColumn('connection_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_tenant_sequence_idx').on('events').columns(['tenant_id', 'sequence']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('events').execute();
}
