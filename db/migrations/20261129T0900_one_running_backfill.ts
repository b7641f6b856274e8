import { sql, type Kysely } from 'kysely';

/**
 * At most one running backfill per connection, enforced by Postgres so two concurrent requests
 * cannot both win. Older duplicates (accepted before this rule) keep running in Temporal; their
 * rows are closed as failed so the index can exist, and progress no longer reopens them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update backfills b set status = 'failed', updated_at = now(),
      error = ${JSON.stringify({
        code: 'superseded',
        message: 'Closed when Onramp began allowing one running backfill per connection.',
        hint: 'Start the range again with POST /v1/connections/{id}/backfill once no other backfill runs.',
      })}::jsonb
    where status = 'running'
      and exists (select 1 from backfills newer where newer.connection_id = b.connection_id
                  and newer.status = 'running' and newer.created_at > b.created_at)
  `.execute(db);
  await db.schema
    .createIndex('backfills_one_running_idx')
    .unique()
    .on('backfills')
    .column('connection_id')
    .where(sql.ref('status'), '=', 'running')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('backfills_one_running_idx').execute();
}
