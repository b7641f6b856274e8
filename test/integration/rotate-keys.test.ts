import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertConnection } from '../../db/repositories/connections.js';
import type { Database } from '../../db/schema.js';
import { createSecretBox } from '../../platform/crypto.js';
import { rotateCredentialKeys } from '../../platform/rotate-keys.js';
import { createTestDatabase } from '../helpers/database.js';

describe('credential key rotation (real Postgres)', () => {
  let db: Kysely<Database>;
  beforeAll(async () => {
    ({ db } = await createTestDatabase());
  });
  afterAll(async () => db?.destroy());

  it('re-seals every secret under the new key, keeps their values, and is safe to run again', async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = createSecretBox(oldKey);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, id] of ids.entries()) {
      await insertConnection(db, {
        id, tenant_id: 'acme', integration: 'demo', name: `c${i}`, status: 'active', config: '{}',
        credentials_encrypted: before.seal({ apiKey: `secret-${i}` }),
        onboarding_step: 'done', onboarding_state: 'completed', onboarding_last_error: null, sync_interval_minutes: 60,
      });
    }
    await db.insertInto('oauth_states').values({
      state_hash: 'h1', connection_id: ids[0]!, tenant_id: 'acme', code_verifier_encrypted: before.seal('verifier-1'),
      return_url: null, expires_at: new Date(Date.now() + 60_000),
    }).execute();

    await db.insertInto('webhook_endpoints').values({
      id: randomUUID(), tenant_id: 'acme', url: 'https://hooks.example/', description: null, event_types: ['connection.error'], disabled_reason: null,
      secret_encrypted: before.seal('whsec_new'), previous_secret_encrypted: before.seal('whsec_old'),
      previous_secret_expires_at: new Date(Date.now() + 60_000), failing_since: null,
    }).execute();

    const during = createSecretBox(newKey, [oldKey]);
    expect(await rotateCredentialKeys(db, during)).toEqual({ connections: 3, oauthVerifiers: 1, webhookEndpoints: 1, alreadyCurrent: 0 });
    expect(await rotateCredentialKeys(db, during)).toEqual({ connections: 0, oauthVerifiers: 0, webhookEndpoints: 0, alreadyCurrent: 5 });

    // Once rotated, the old key can go: the new one alone opens everything.
    const after = createSecretBox(newKey);
    const rows = await db.selectFrom('connections').select(['name', 'credentials_encrypted']).orderBy('name').execute();
    expect(rows.map((r) => after.open(r.credentials_encrypted!))).toEqual([{ apiKey: 'secret-0' }, { apiKey: 'secret-1' }, { apiKey: 'secret-2' }]);
    const state = await db.selectFrom('oauth_states').select('code_verifier_encrypted').executeTakeFirstOrThrow();
    expect(after.open(state.code_verifier_encrypted!)).toBe('verifier-1');
    expect(() => before.open(rows[0]!.credentials_encrypted!)).toThrow();
    const endpoint = await db.selectFrom('webhook_endpoints').select(['secret_encrypted', 'previous_secret_encrypted']).executeTakeFirstOrThrow();
    expect([after.open(endpoint.secret_encrypted), after.open(endpoint.previous_secret_encrypted!)]).toEqual(['whsec_new', 'whsec_old']);
  });
});
