import { sql, type Kysely } from 'kysely';

// Partial success per period (issue 27): a run writes every day it read and records the days the
// vendor would not answer; the connection keeps the days still missing (each run asks for them
// first, a run that reads one repairs it). Both as JSON lists of { from, to, error } ranges:
// short (consecutive days with one reason make one range), bounded (domain/missing-periods.ts),
// and always read with their row. A run that left days missing is `partial`, which the
// needs-attention search counts as a bad last run, so its partial index takes the new status.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table connections add column missing_periods jsonb not null default '[]'`.execute(db);
  await sql`alter table sync_runs add column missing_periods jsonb not null default '[]'`.execute(db);
  await sql`alter table sync_runs add column repaired_periods jsonb not null default '[]'`.execute(db);
  await sql`drop index if exists connections_last_sync_status`.execute(db);
  await sql`create index connections_last_sync_status on connections (last_sync_status) where last_sync_status in ('failed', 'empty', 'partial')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists connections_last_sync_status`.execute(db);
  await sql`create index connections_last_sync_status on connections (last_sync_status) where last_sync_status in ('failed', 'empty')`.execute(db);
  await sql`alter table sync_runs drop column repaired_periods`.execute(db);
  await sql`alter table sync_runs drop column missing_periods`.execute(db);
  await sql`alter table connections drop column missing_periods`.execute(db);
}
