import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { ConnectSessionRow, NewConnectSession } from '../tables/connect-sessions.js';

type Db = Kysely<Database> | Transaction<Database>;

export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function insertConnectSession(db: Db, row: NewConnectSession): Promise<void> {
  await db.insertInto('connect_sessions').values(row).execute();
}

export async function findConnectSession(db: Db, tokenHash: string): Promise<ConnectSessionRow | undefined> {
  return db.selectFrom('connect_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Binds the session to the connection it just created, in the create's transaction; false when
 * it already has one (a second create with the same session), so that transaction rolls back.
 */
export async function bindConnectSession(db: Db, tokenHash: string, connectionId: string): Promise<boolean> {
  const bound = await db
    .updateTable('connect_sessions')
    .set({ connection_id: connectionId })
    .where('token_hash', '=', tokenHash)
    .where('connection_id', 'is', null)
    .executeTakeFirst();
  return bound.numUpdatedRows === 1n;
}
