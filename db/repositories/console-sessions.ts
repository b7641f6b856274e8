import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { ConsoleSessionRow, NewConsoleSession } from '../tables/console-sessions.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertConsoleSession(db: Db, row: NewConsoleSession): Promise<void> {
  await db.insertInto('console_sessions').values(row).execute();
  // Sign-ins sweep what has expired: the table holds live sessions only, without a cleanup job.
  await db.deleteFrom('console_sessions').where('expires_at', '<', new Date()).execute();
}

/** A live session only: an expired one is as absent as a deleted one. */
export async function findConsoleSession(db: Db, idHash: string, now: Date): Promise<ConsoleSessionRow | undefined> {
  return db.selectFrom('console_sessions').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
}

export async function deleteConsoleSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('id_hash', '=', idHash).execute();
}
