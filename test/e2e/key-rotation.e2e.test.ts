import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { createSecretBox } from '../../platform/crypto.js';
import { rotateCredentialKeys } from '../../platform/rotate-keys.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';

const key = 'rotation-client-key-00000001';

/**
 * A rotation as operators run it: API and worker already run with the new key and the old one as
 * previous; rows are still sealed with the old key; syncs keep running while rotate-keys works.
 */
describe('credential key rotation with syncs running', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      config: () => ({ credentialsKey: newKey, previousCredentialsKeys: [oldKey], apiKeys: [{ key, tenant: 'acme', role: 'client' }] }),
    });
  });
  afterAll(async () => stack?.close());

  it('re-seals every credential while syncs run, and every sync still succeeds', async () => {
    const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: `key-${i}` }, initialHistoryDays: 0 }) });
      ids.push(created.body.id);
    }
    const runs = (id: string) => stack.db.selectFrom('sync_runs').select(['status', 'started_at']).where('connection_id', '=', id).orderBy('id').execute();
    for (const id of ids) await waitFor('first sync', async () => (await runs(id))[0]?.status === 'succeeded');

    // Before the rotation: the rows are as an old deployment left them, sealed with the old key.
    const oldBox = createSecretBox(oldKey);
    const current = createSecretBox(newKey, [oldKey]);
    for (const [i, id] of ids.entries()) {
      await stack.db.updateTable('connections').set({ credentials_encrypted: oldBox.seal({ apiKey: `key-${i}` }) }).where('id', '=', id).execute();
    }

    // Syncs and the rotation, at the same time.
    const second = Math.max(...(await Promise.all(ids.map(async (id) => Math.floor((await runs(id))[0]!.started_at.getTime() / 1000)))));
    await waitFor('the next second', async () => Math.floor(Date.now() / 1000) > second);
    const [report] = await Promise.all([
      rotateCredentialKeys(stack.db, current),
      ...ids.map((id) => api(`/v1/connections/${id}/sync`, { method: 'POST' })),
    ]);
    expect(report).toEqual({ connections: 4, oauthVerifiers: 0, webhookEndpoints: 0, alreadyCurrent: 0 });
    for (const id of ids) {
      await waitFor('the concurrent sync', async () => {
        const all = await runs(id);
        return all.length === 2 && all[1]!.status !== 'running' ? all : undefined;
      });
      expect((await runs(id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    }
    const rows = await stack.db.selectFrom('connections').select(['id', 'credentials_encrypted']).execute();
    const newOnly = createSecretBox(newKey);
    expect(rows.map((r) => newOnly.keyIdOfSealed(r.credentials_encrypted!))).toEqual(rows.map(() => newOnly.keyId));
    expect(rows.map((r) => newOnly.open<{ apiKey: string }>(r.credentials_encrypted!).apiKey).sort()).toEqual(['key-0', 'key-1', 'key-2', 'key-3']);
  });
});
