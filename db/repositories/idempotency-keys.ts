import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { IdempotencyKeyRow, NewIdempotencyKey } from '../tables/idempotency-keys.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function findIdempotencyKey(db: Db, tenantId: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/** Returns false when another request took the key first (the caller then re-reads it). */
export async function claimIdempotencyKey(db: Db, row: NewIdempotencyKey): Promise<boolean> {
  const result = await db
    .insertInto('idempotency_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}
