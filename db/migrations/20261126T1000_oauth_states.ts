import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row per authorization request. Only a hash of `state` is kept (it travels in URLs), the
  // PKCE verifier is sealed; a row is consumed once, and is useless after `expires_at`.
  await db.schema
    .createTable('oauth_states')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('connections.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('code_verifier_encrypted', 'text')
    .addColumn('return_url', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('oauth_states_connection_idx').on('oauth_states').column('connection_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oauth_states').execute();
}
