import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import type { Database } from '../../db/schema.js';
import { createApiDeps } from '../../wiring/compose.js';
import { testConfig } from '../helpers/config.js';
import { startTestApi, threeKeys } from '../helpers/api-app.js';
import type { connectTestTemporal } from '../helpers/temporal.js';

const { keys, apiKeys } = threeKeys('api');
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const demoBody = { integration: 'demo', name: 'Shop', config: { site: 'shop' }, credentials: { apiKey: 'sk_plain_secret_42' } };

describe('HTTP API (buildApp + inject, real Postgres and Temporal)', () => {
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;

  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi({ apiKeys });
    ({ app, db, temporal } = api);
  });
  afterAll(async () => api?.close());

  const create = (key: string, body: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v1/connections', headers: { ...auth(key), ...headers }, payload: body as object });

  describe('authentication', () => {
    it('answers 401 problem+json without a key and with an unknown key', async () => {
      for (const headers of [{}, auth('not-a-known-key-at-all'), { authorization: 'Basic abc' }]) {
        const res = await app.inject({ method: 'GET', url: '/v1/connections', headers });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ status: 401, type: '/problems/unauthorized', title: expect.any(String) });
      }
    });

    it('leaves health, readiness and the spec open', async () => {
      expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', temporal: 'ok' } });
      const spec = (await app.inject('/openapi.json')).json();
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining(['/v1/connections', '/v1/connections/{id}', '/v1/integrations', '/v1/kpis', '/v1/kpis/latest']),
      );
      expect(spec.paths['/v1/connections'].post.requestBody).toBeDefined();
    });
  });

  describe('catalog', () => {
    it('lists the demo integration with JSON Schemas and capabilities', async () => {
      const res = await app.inject({ url: '/v1/integrations/demo', headers: auth(keys.acme) });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ slug: 'demo', authKind: 'api_key', category: 'demo' });
      expect(body.credentialsSchema.properties.apiKey).toMatchObject({ type: 'string', writeOnly: true });
      expect(body.configSchema.properties.site.type).toBe('string');
      expect(body.capabilities.map((c: { key: string }) => c.key)).toEqual(['website_traffic', 'conversion_rate', 'revenue']);
      const slugs = (await app.inject({ url: '/v1/integrations', headers: auth(keys.acme) })).json().items.map((i: { slug: string }) => i.slug);
      expect(slugs).toEqual(['demo', 'google-analytics', 'cloudflare', 'paypal', 'ninjaone', 'stripe', 'xero']);
      expect((await app.inject({ url: '/v1/integrations/nope', headers: auth(keys.acme) })).statusCode).toBe(404);
    });
  });

  describe('creating connections', () => {
    it('answers 400 naming the field for each kind of bad input', async () => {
      const cases: [unknown, string][] = [
        [{ name: 'x' }, 'body.integration'],
        [{ ...demoBody, integration: 'nope' }, 'body.integration'],
        [{ ...demoBody, returnUrl: 'https://app.example/done' }, 'body.returnUrl'],
        [{ ...demoBody, credentials: { apiKey: 42 } }, 'body.credentials.apiKey'],
        [{ ...demoBody, config: { site: '' } }, 'body.config.site'],
        [{ ...demoBody, syncIntervalMinutes: 0 }, 'body.syncIntervalMinutes'],
      ];
      for (const [body, field] of cases) {
        const res = await create(keys.acme, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const malformed = await app.inject({
        method: 'POST',
        url: '/v1/connections',
        headers: { ...auth(keys.acme), 'content-type': 'application/json' },
        payload: '{"integration":',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().type).toBe('/problems/validation');
      expect(await db.selectFrom('connections').select('id').execute()).toEqual([]);
    });

    it('creates a pending connection, stores credentials encrypted and never returns them', async () => {
      const res = await create(keys.acme, demoBody);
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ integration: 'demo', name: 'Shop', status: 'pending', tenantId: 'acme' });
      expect(body.onboarding).toMatchObject({ step: 'connect', attempts: 0, lastError: null });
      expect(res.body).not.toContain('sk_plain_secret_42');
      const row = await db.selectFrom('connections').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
      expect(row.credentials_encrypted).toMatch(/^v1:/);
      expect(JSON.stringify(row)).not.toContain('sk_plain_secret_42');
      const workflow = await temporal.client.workflow.getHandle(`onboarding:${body.id}`).describe();
      expect(workflow.type).toBe('onboardingWorkflow');
    });

    it('answers the same connection for a repeated Idempotency-Key and 422 for another body', async () => {
      const key = `idem-${randomBytes(4).toString('hex')}`;
      const first = await create(keys.acme, demoBody, { 'idempotency-key': key });
      const again = await create(keys.acme, demoBody, { 'idempotency-key': key });
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      const other = await create(keys.acme, { ...demoBody, name: 'Other' }, { 'idempotency-key': key });
      expect(other.statusCode).toBe(422);
      expect(other.json().type).toBe('/problems/idempotency-mismatch');
      // Keys are per tenant: another tenant may use the same one for its own connection.
      const globex = await create(keys.globex, demoBody, { 'idempotency-key': key });
      expect(globex.statusCode).toBe(201);
      expect(globex.json().id).not.toBe(first.json().id);
    });
  });

  describe('tenancy and reading', () => {
    it("hides another tenant's connection as 404 and shows every tenant to support", async () => {
      const created = (await create(keys.acme, demoBody)).json();
      const asGlobex = await app.inject({ url: `/v1/connections/${created.id}`, headers: auth(keys.globex) });
      expect(asGlobex.statusCode).toBe(404);
      expect(asGlobex.json().detail).not.toContain('acme');
      const asOwner = await app.inject({ url: `/v1/connections/${created.id}`, headers: auth(keys.acme) });
      expect(asOwner.statusCode).toBe(200);
      expect(asOwner.json().id).toBe(created.id);
      const asSupport = await app.inject({ url: `/v1/connections/${created.id}`, headers: auth(keys.support) });
      expect(asSupport.statusCode).toBe(200);
      const kpis = await app.inject({ url: `/v1/kpis?connectionId=${created.id}`, headers: auth(keys.globex) });
      expect(kpis.statusCode).toBe(404);
      const globexList = (await app.inject({ url: '/v1/connections', headers: auth(keys.globex) })).json();
      expect(globexList.items.every((c: { tenantId: string }) => c.tenantId === 'globex')).toBe(true);
    });

    it('pages the list with limit and cursor, newest first, and filters by status', async () => {
      const tenantKey = `tenant-key-${randomBytes(8).toString('hex')}`;
      // A dedicated tenant makes the count exact whatever other tests created.
      const scoped = await buildApp(
        createApiDeps({
          config: testConfig({ apiKeys: [{ key: tenantKey, tenant: 'paged', role: 'client' }] }),
          db,
          databaseUrl: api.databaseUrl,
          client: temporal.client,
        }),
      );
      try {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) {
          const res = await scoped.inject({ method: 'POST', url: '/v1/connections', headers: auth(tenantKey), payload: demoBody });
          ids.push(res.json().id);
        }
        const seen: string[] = [];
        let url = '/v1/connections?limit=2';
        for (let pages = 0; pages < 10; pages++) {
          const page = (await scoped.inject({ url, headers: auth(tenantKey) })).json();
          seen.push(...page.items.map((c: { id: string }) => c.id));
          if (!page.nextCursor) break;
          url = `/v1/connections?limit=2&cursor=${page.nextCursor}`;
        }
        expect(seen).toEqual([...ids].reverse());
        const active = (await scoped.inject({ url: '/v1/connections?status=active', headers: auth(tenantKey) })).json();
        expect(active.items).toEqual([]);
        const tooMany = await scoped.inject({ url: '/v1/connections?limit=1001', headers: auth(tenantKey) });
        expect(tooMany.statusCode).toBe(400);
        expect(tooMany.json().errors[0].field).toBe('querystring.limit');
        const badCursor = await scoped.inject({ url: '/v1/connections?cursor=garbage', headers: auth(tenantKey) });
        expect(badCursor.statusCode).toBe(400);
      } finally {
        await scoped.close();
      }
    });

    it('answers 400 for a malformed id or date and 404 for unknown routes', async () => {
      const badId = await app.inject({ url: '/v1/connections/not-a-uuid', headers: auth(keys.acme) });
      expect(badId.statusCode).toBe(400);
      expect(badId.json().errors[0].field).toBe('params.id');
      const badDate = await app.inject({ url: '/v1/kpis?from=yesterday', headers: auth(keys.acme) });
      expect(badDate.statusCode).toBe(400);
      expect(badDate.json().errors[0].field).toBe('querystring.from');
      const unknown = await app.inject({ url: '/v1/nothing-here', headers: auth(keys.acme) });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });
});
