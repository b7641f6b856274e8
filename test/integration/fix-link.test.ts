import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, threeKeys } from '../helpers/api-app.js';

const { keys, apiKeys } = threeKeys('fixlink');
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const keyIdOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

/** POST /v1/connections/:id/connect-session: a fix link for one connection, made by support or its tenant. */
describe('fix links (real Postgres)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: FastifyInstance;
  let id = '';
  let other = '';

  beforeAll(async () => {
    api = await startTestApi({ apiKeys, publicUrl: 'https://onramp.example.test' });
    app = api.app;
    const create = async (name: string) =>
      (await app.inject({ method: 'POST', url: '/v1/connections', headers: auth(keys.acme), payload: { integration: 'demo', name, credentials: { apiKey: 'invalid-key' } } })).json().id as string;
    id = await create('Acme shop');
    other = await create('Acme blog');
  });
  afterAll(async () => api?.close());

  it('opens a Connect session of the connection\'s tenant for that connection alone, audited under the support key', async () => {
    const res = await app.inject({ method: 'POST', url: `/v1/connections/${id}/connect-session`, headers: auth(keys.support) });
    expect(res.statusCode, res.body).toBe(201);
    const { token, url } = res.json() as { token: string; url: string };
    expect(url).toBe(`https://onramp.example.test/connect#session=${token}`);
    const row = await api.db.selectFrom('connect_sessions').selectAll().where('token_hash', '=', createHash('sha256').update(token).digest('base64url')).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ tenant_id: 'acme', created_by_key_id: keyIdOf(keys.support), connection_id: id, allowed_integrations: ['demo'] });
    const audited = await api.db.selectFrom('audit_events').select(['actor_key_id', 'actor_role', 'tenant_id', 'outcome']).where('action', '=', 'connect_session.create').where('connection_id', '=', id).execute();
    expect(audited).toEqual([{ actor_key_id: keyIdOf(keys.support), actor_role: 'support', tenant_id: 'acme', outcome: 'ok' }]);

    // The link reaches its connection, and nothing else.
    const session = await app.inject({ method: 'GET', url: '/v1/connect/session', headers: auth(token) });
    expect(session.json()).toMatchObject({ connectionId: id, allowedIntegrations: ['demo'] });
    expect((await app.inject({ method: 'GET', url: `/v1/connections/${id}`, headers: auth(token) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/v1/connections/${other}`, headers: auth(token) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/v1/connections', headers: auth(token) })).statusCode).toBe(401);
  });

  it('is refused for another tenant (404) and for a disconnected connection (409, saying why)', async () => {
    expect((await app.inject({ method: 'POST', url: `/v1/connections/${id}/connect-session`, headers: auth(keys.globex) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/v1/connections/${id}/connect-session`, headers: auth(keys.acme) })).statusCode).toBe(201);
    await api.db.updateTable('connections').set({ status: 'disconnected' }).where('id', '=', other).execute();
    const gone = await app.inject({ method: 'POST', url: `/v1/connections/${other}/connect-session`, headers: auth(keys.support) });
    expect(gone.statusCode).toBe(409);
    expect(gone.json().detail).toContain('disconnected');
  });
});
