import type { Generated, Insertable, Selectable } from 'kysely';

export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  /** Keyed hash of the request body: compares bodies without storing their secrets. */
  request_fingerprint: string;
  connection_id: string;
  created_at: Generated<Date>;
}

export type IdempotencyKeyRow = Selectable<IdempotencyKeysTable>;
export type NewIdempotencyKey = Insertable<IdempotencyKeysTable>;
