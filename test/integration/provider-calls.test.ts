import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { recordProviderCalls } from '../../db/repositories/provider-calls.js';
import type { Database } from '../../db/schema.js';
import type { NewProviderCall } from '../../db/tables/provider-calls.js';
import { createTestDatabase } from '../helpers/database.js';

/** The call log stays within its bounds: a connection's last N calls (plus the batch just written), none older than the age. */
describe('vendor call log bounds (real Postgres)', () => {
  let db: Kysely<Database>;
  const id = randomUUID();
  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    await db
      .insertInto('connections')
      .values({ id, tenant_id: 'acme', integration: 'demo', name: 'x', status: 'active', config: '{}', onboarding_step: 'done', onboarding_state: 'completed', sync_interval_minutes: 60 })
      .execute();
  });
  afterAll(async () => db?.destroy());

  const call = (path: string, at = new Date()): NewProviderCall => ({
    connection_id: id, sync_run_id: null, onboarding_attempt: 1, activity_attempt: 1, at, method: 'GET', host: 'api.example.test', path, query_keys: [],
    status: 200, duration_ms: 1, retry_after_ms: null, error_code: null, error_message: null, request_ids: '{}',
  });
  const paths = async () => (await db.selectFrom('provider_calls').select('path').where('connection_id', '=', id).orderBy('id').execute()).map((r) => r.path);

  it('keeps the last calls and drops those past the age', async () => {
    const bounds = { maxCalls: 2, maxAgeMs: 30 * 86_400_000 };
    await recordProviderCalls(db, id, [call('/old', new Date(Date.now() - 31 * 86_400_000)), call('/a'), call('/b')], bounds);
    expect(await paths()).toEqual(['/old', '/a', '/b']);
    await recordProviderCalls(db, id, [call('/c'), call('/d')], bounds);
    // The two before this batch (a, b) and the batch; /old went for its age and for the count.
    expect(await paths()).toEqual(['/a', '/b', '/c', '/d']);
    await recordProviderCalls(db, id, [call('/e')], bounds);
    expect(await paths()).toEqual(['/c', '/d', '/e']);
  });
});
