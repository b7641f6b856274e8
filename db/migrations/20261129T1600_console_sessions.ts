import { sql, type Kysely } from 'kysely';

/**
 * Support console sessions: a browser holds a random session id in an HttpOnly cookie; only its
 * hash is stored, with the key id of the support key that signed in (the session acts as it).
 * Connection filters the console uses across tenants get their indexes here too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_expires_idx').on('console_sessions').column('expires_at').execute();

  // Support lists every tenant, newest first, by status or integration: without these each page scans the table.
  await db.schema.createIndex('connections_status_created_idx').on('connections').columns(['status', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('connections_integration_created_idx').on('connections').columns(['integration', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('connections_created_idx').on('connections').columns(['created_at desc', 'id desc']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('connections_created_idx').execute();
  await db.schema.dropIndex('connections_integration_created_idx').execute();
  await db.schema.dropIndex('connections_status_created_idx').execute();
  await db.schema.dropTable('console_sessions').execute();
}
