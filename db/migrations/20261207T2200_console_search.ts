import { sql, type Kysely } from 'kysely';

// The support console's search (issue 24) over every tenant's connections, indexed so it stays
// fast at 100,000 of them: a name fragment, an end user's id, display name or email (one
// trigram index over the text a person types), a tenant prefix, and the waits on the user.
// The expression must stay the one db/connection-search.ts queries with.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A trusted extension since Postgres 13: the database owner may create it.
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index connections_search_text on connections using gin (
    lower(name || ' ' || coalesce(end_user->>'id', '') || ' ' || coalesce(end_user->>'displayName', '') || ' ' || coalesce(end_user->>'email', '')) gin_trgm_ops
  )`.execute(db);
  // `like 'acme%'` uses a btree only with pattern ops (the database's collation may not be C).
  await sql`create index connections_tenant_prefix on connections (tenant_id text_pattern_ops)`.execute(db);
  // Needs attention: failures and onboardings waiting on the user, by how long they have waited.
  await sql`create index connections_onboarding_wait on connections (status, onboarding_updated_at)`.execute(db);
  await sql`create index connections_last_sync_status on connections (last_sync_status) where last_sync_status in ('failed', 'empty')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['connections_search_text', 'connections_tenant_prefix', 'connections_onboarding_wait', 'connections_last_sync_status']) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
}
