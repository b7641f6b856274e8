import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The host product's name, logo and accent colour, set by the tenant when it opened the
  // session: the Connect page wears them (issue 23).
  await db.schema.alterTable('connect_sessions').addColumn('branding', 'jsonb').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connect_sessions').dropColumn('branding').execute();
}
