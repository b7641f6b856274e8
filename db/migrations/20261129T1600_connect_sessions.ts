import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A link handed to an end user: only a hash of its token is kept (the token itself travels in
  // the URL fragment and the page's Authorization header). `connection_id` is the one connection
  // the session may touch: given at creation (a fix/reconnect session) or set by its one create.
  await db.schema
    .createTable('connect_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('created_by_key_id', 'text', (c) => c.notNull())
    .addColumn('allowed_integrations', 'jsonb')
    .addColumn('end_user', 'jsonb')
    .addColumn('connection_id', 'uuid', (c) => c.references('connections.id'))
    .addColumn('return_url', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The end user a connection was made for (by a Connect session), for the client to find it again.
  await db.schema.alterTable('connections').addColumn('end_user', 'jsonb').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connections').dropColumn('end_user').execute();
  await db.schema.dropTable('connect_sessions').execute();
}
