import type { Kysely } from 'kysely';

// The deliveries of one connection's events, newest first (the console's connection page, issue 24).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('webhook_deliveries_connection_idx')
    .on('webhook_deliveries')
    .columns(['connection_id', 'created_at desc', 'id desc'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_connection_idx').execute();
}
