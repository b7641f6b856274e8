import { Kysely, Migrator, PostgresDialect, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

// Type parsers are decided once, per pool (not pg's global registry): bigint ids as strings
// (they can exceed 2^53), `date` as the YYYY-MM-DD text it is, so no time zone shifts a period.
const INT8 = 20;
const DATE = 1082;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE) return (value: string) => value;
    if (oid === INT8) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

/** How long a request waits for a pooled connection: a database that is down answers 503 in this, not never. */
const CONNECT_TIMEOUT_MS = 5_000;

export function createDatabase(connectionString: string, options: { max?: number; onIdleError?: (error: Error) => void } = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types: types as pg.CustomTypesConfig,
  });
  // An idle client losing its server (restart, failover) must not crash the process;
  // the next query gets a fresh connection or a clear error.
  pool.on('error', (error) => options.onIdleError?.(error));
  // The pool listens only to idle clients: one that loses its server while checked out (between a
  // transaction's statements, when the postmaster dies) emits 'error' to nobody, which ends the
  // process. The statement in flight, or the next one, fails instead, and release discards it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
  }
  return result;
}
