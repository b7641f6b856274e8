import { sql, type Kysely } from 'kysely';

// "Stale" (no data written for twice the interval) compared each row's own interval with now(),
// which no index can answer: the console's needs-attention search read all 100,000 rows of the
// bench to find them. The row now carries the moment it goes stale, kept by a trigger from the
// columns it derives from, so that search is an index range (issue 24). Nothing in the
// application writes or reads it but the search (db/connection-search.ts).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table connections add column stale_after timestamptz`.execute(db);
  await sql`create function connections_stale_after() returns trigger language plpgsql as $$
    begin
      new.stale_after := coalesce(new.last_sync_at, new.created_at) + make_interval(mins => 2 * new.sync_interval_minutes);
      return new;
    end $$`.execute(db);
  await sql`create trigger connections_stale_after before insert or update of last_sync_at, created_at, sync_interval_minutes on connections
    for each row execute function connections_stale_after()`.execute(db);
  await sql`update connections set stale_after = coalesce(last_sync_at, created_at) + make_interval(mins => 2 * sync_interval_minutes)`.execute(db);
  await sql`create index connections_stale_after on connections (stale_after) where status in ('active', 'error')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger connections_stale_after on connections`.execute(db);
  await sql`drop function connections_stale_after()`.execute(db);
  await sql`alter table connections drop column stale_after`.execute(db);
}
