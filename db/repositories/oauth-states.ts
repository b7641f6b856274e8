import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { NewOAuthState, OAuthStateRow } from '../tables/oauth-states.js';

type Db = Kysely<Database> | Transaction<Database>;

export const hashState = (state: string) => createHash('sha256').update(state).digest('base64url');

export async function insertOAuthState(db: Db, row: NewOAuthState): Promise<void> {
  await db.insertInto('oauth_states').values(row).execute();
}

/**
 * Marks the state used and answers its row, in one statement, so two callbacks racing with
 * the same state cannot both win. Unknown, expired or used states answer undefined.
 */
export async function consumeOAuthState(db: Db, state: string, now: Date): Promise<OAuthStateRow | undefined> {
  return db
    .updateTable('oauth_states')
    .set({ used_at: now })
    .where('state_hash', '=', hashState(state))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/**
 * What `browser_hash` holds for a link handed out before links were bound to a browser: it is
 * accepted from any browser until it expires (the migration that added the column writes it).
 */
export const UNBOUND_LEGACY = 'issued-before-browser-binding';

/**
 * Binds a live, unused authorization to the browser that opened it first (the hash of the value
 * in that browser's cookie), in one statement, so two browsers racing cannot both be bound.
 * Answers the row when this call bound it; undefined when it was bound already, used or expired.
 */
export async function bindOAuthState(db: Db, stateHash: string, browserHash: string, now: Date): Promise<OAuthStateRow | undefined> {
  return db
    .updateTable('oauth_states')
    .set({ browser_hash: browserHash })
    .where('state_hash', '=', stateHash)
    .where('browser_hash', 'is', null)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export async function findOAuthState(db: Db, stateHash: string): Promise<OAuthStateRow | undefined> {
  return db.selectFrom('oauth_states').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
}

/** Verifiers are secrets with no use once exchanged or abandoned. */
export async function wipeOAuthVerifiers(db: Db, connectionId: string): Promise<void> {
  await db
    .updateTable('oauth_states')
    .set({ code_verifier_encrypted: null })
    .where('connection_id', '=', connectionId)
    .execute();
}
