import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What the tenant decided, when it opened the session, for the connection the session creates
  // (name, sync interval, history): the end user's page may not set these itself.
  await db.schema.alterTable('connect_sessions').addColumn('connection_settings', 'jsonb').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connect_sessions').dropColumn('connection_settings').execute();
}
