import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SecretBox } from './crypto.js';

export interface RotationReport {
  connections: number;
  oauthVerifiers: number;
  /** Endpoints whose signing secret (and the previous one, while it still signs) were re-sealed. */
  webhookEndpoints: number;
  alreadyCurrent: number;
}

/**
 * Re-seals every stored secret under the current key. Each row is re-read under a row lock in
 * its own short transaction, so it is safe while syncs run (token refreshes lock the same row)
 * and safe to run again: rows already under the current key are left alone.
 */
export async function rotateCredentialKeys(db: Kysely<Database>, secrets: SecretBox): Promise<RotationReport> {
  const report: RotationReport = { connections: 0, oauthVerifiers: 0, webhookEndpoints: 0, alreadyCurrent: 0 };
  const connectionIds = await db.selectFrom('connections').select('id').where('credentials_encrypted', 'is not', null).execute();
  for (const { id } of connectionIds) {
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('connections').select('credentials_encrypted').where('id', '=', id).forUpdate().executeTakeFirst();
      const sealed = row?.credentials_encrypted;
      if (!sealed) return;
      if (secrets.keyIdOfSealed(sealed) === secrets.keyId) {
        report.alreadyCurrent += 1;
        return;
      }
      await trx.updateTable('connections').set({ credentials_encrypted: secrets.seal(secrets.open(sealed)) }).where('id', '=', id).execute();
      report.connections += 1;
    });
  }
  const states = await db.selectFrom('oauth_states').select('state_hash').where('code_verifier_encrypted', 'is not', null).execute();
  for (const { state_hash } of states) {
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('oauth_states').select('code_verifier_encrypted').where('state_hash', '=', state_hash).forUpdate().executeTakeFirst();
      const sealed = row?.code_verifier_encrypted;
      if (!sealed) return;
      if (secrets.keyIdOfSealed(sealed) === secrets.keyId) {
        report.alreadyCurrent += 1;
        return;
      }
      await trx.updateTable('oauth_states').set({ code_verifier_encrypted: secrets.seal(secrets.open(sealed)) }).where('state_hash', '=', state_hash).execute();
      report.oauthVerifiers += 1;
    });
  }
  const isCurrent = (sealed: string | null) => sealed === null || secrets.keyIdOfSealed(sealed) === secrets.keyId;
  const endpoints = await db.selectFrom('webhook_endpoints').select('id').execute();
  for (const { id } of endpoints) {
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('webhook_endpoints')
        .select(['secret_encrypted', 'previous_secret_encrypted'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return;
      if (isCurrent(row.secret_encrypted) && isCurrent(row.previous_secret_encrypted)) {
        report.alreadyCurrent += 1;
        return;
      }
      const reseal = (sealed: string) => secrets.seal(secrets.open(sealed));
      await trx
        .updateTable('webhook_endpoints')
        .set({
          secret_encrypted: reseal(row.secret_encrypted),
          previous_secret_encrypted: row.previous_secret_encrypted === null ? null : reseal(row.previous_secret_encrypted),
        })
        .where('id', '=', id)
        .execute();
      report.webhookEndpoints += 1;
    });
  }
  return report;
}
