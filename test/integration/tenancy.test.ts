import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, threeKeys } from '../helpers/api-app.js';
import { openSession } from '../helpers/connect-session.js';

const { keys, apiKeys } = threeKeys('tenancy');
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

/**
 * Every route, by table: another tenant's connection is a 404 (never a 403 that confirms it),
 * support keys may read and operate but not act as the tenant. A route added without a row
 * here fails the coverage check, so a new route cannot skip its tenancy check. `session` is what a
 * Connect session token may do there: `own` (its own connection only; here it holds another, so a
 * 404) or, by default, refused (401).
 */
type Session = { session?: 'own' | 'refused' };
const routes: ({ method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: unknown; support: 'allowed' | 'forbidden'; stream?: boolean } & Session)[] = [
  { method: 'GET', path: '/v1/connections/{id}', support: 'allowed', session: 'own' },
  { method: 'PATCH', path: '/v1/connections/{id}', body: { name: 'x' }, support: 'forbidden' },
  { method: 'DELETE', path: '/v1/connections/{id}', support: 'forbidden' },
  { method: 'PUT', path: '/v1/connections/{id}/credentials', body: { credentials: { apiKey: 'k' } }, support: 'forbidden', session: 'own' },
  { method: 'PUT', path: '/v1/connections/{id}/config', body: { config: {} }, support: 'forbidden', session: 'own' },
  { method: 'GET', path: '/v1/connections/{id}/options', support: 'forbidden', session: 'own' },
  { method: 'POST', path: '/v1/connections/{id}/retry', support: 'allowed', session: 'own' },
  { method: 'POST', path: '/v1/connections/{id}/reauthorize', support: 'forbidden', session: 'own' },
  { method: 'POST', path: '/v1/connections/{id}/sync', support: 'allowed' },
  { method: 'POST', path: '/v1/connections/{id}/pause', support: 'allowed' },
  { method: 'POST', path: '/v1/connections/{id}/resume', support: 'allowed' },
  { method: 'GET', path: '/v1/connections/{id}/syncs', support: 'allowed' },
  { method: 'POST', path: '/v1/connections/{id}/backfill', body: { from: '2026-01-01', to: '2026-01-02' }, support: 'forbidden' },
  { method: 'GET', path: '/v1/connections/{id}/backfills', support: 'allowed' },
  { method: 'GET', path: '/v1/connections/{id}/backfills/{backfillId}', support: 'allowed' },
  { method: 'DELETE', path: '/v1/connections/{id}/backfills/{backfillId}', support: 'forbidden' },
  { method: 'GET', path: '/v1/kpis?connectionId={id}', support: 'allowed' },
  { method: 'GET', path: '/v1/kpis/latest?connectionId={id}', support: 'allowed', session: 'own' },
  // {webhookId} and {deliveryId}: acme's webhook endpoint and one of its deliveries.
  { method: 'GET', path: '/v1/webhooks/{webhookId}', support: 'allowed' },
  { method: 'PATCH', path: '/v1/webhooks/{webhookId}', body: { enabled: false }, support: 'forbidden' },
  { method: 'DELETE', path: '/v1/webhooks/{webhookId}', support: 'forbidden' },
  { method: 'POST', path: '/v1/webhooks/{webhookId}/rotate-secret', support: 'forbidden' },
  { method: 'POST', path: '/v1/webhooks/{webhookId}/test', support: 'forbidden' },
  { method: 'GET', path: '/v1/webhooks/{webhookId}/deliveries', support: 'allowed' },
  { method: 'POST', path: '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', support: 'allowed' },
  { method: 'GET', path: '/v1/connections/{id}/progress/stream', support: 'allowed', session: 'own', stream: true },
  { method: 'GET', path: '/v1/connections/{id}/deliveries', support: 'allowed' },
  { method: 'POST', path: '/v1/connections/{id}/connect-session', support: 'allowed' },
  { method: 'GET', path: '/v1/connections/{id}/onboarding/calls', support: 'allowed' },
  { method: 'GET', path: '/v1/connections/{id}/runs/{runId}/calls', support: 'allowed' },
];
/** Routes with no connection in them: checked for authentication and roles only. */
const collectionRoutes: readonly ({ method: string; path: string; support: 'allowed' | 'forbidden'; session?: 'allowed' | 'refused' })[] = [
  { method: 'GET', path: '/v1/integrations', support: 'allowed', session: 'allowed' },
  { method: 'GET', path: '/v1/integrations/{slug}', support: 'allowed', session: 'allowed' },
  { method: 'GET', path: '/v1/connections', support: 'allowed' },
  { method: 'POST', path: '/v1/connections', support: 'forbidden', session: 'allowed' },
  { method: 'POST', path: '/v1/connect/sessions', support: 'forbidden' },
  { method: 'GET', path: '/v1/connect/session', support: 'forbidden', session: 'allowed' },
  { method: 'GET', path: '/v1/kpis', support: 'allowed' },
  // A session gets past authentication here, and is answered 404 without its own connectionId.
  { method: 'GET', path: '/v1/kpis/latest', support: 'allowed', session: 'allowed' },
  // Derived KPIs are the tenant's (made from several of its connections): a client key sees its own.
  { method: 'GET', path: '/v1/derived-kpis', support: 'allowed' },
  { method: 'GET', path: '/v1/derived-kpis/latest', support: 'allowed' },
  { method: 'GET', path: '/v1/audit', support: 'allowed' },
  { method: 'GET', path: '/v1/webhooks', support: 'allowed' },
  { method: 'POST', path: '/v1/webhooks', support: 'forbidden' },
  { method: 'GET', path: '/v1/oauth/callback', support: 'allowed' }, // public: the state is the binding
  { method: 'GET', path: '/v1/oauth/start', support: 'allowed' }, // public: the state, then the browser's cookie
];
/**
 * The console's sign-in: public on purpose (the support key travels once in the body, then a
 * cookie stands for it); who may sign in, the cookie and CSRF are tested in
 * test/integration/route-access.test.ts and test/browser/console.browser.test.ts.
 */
const consoleSessionRoutes = ['POST /v1/console/session', 'GET /v1/console/session', 'DELETE /v1/console/session'];

describe('tenancy and roles on every route', () => {
  let app: FastifyInstance;
  let acmeConnection: string;
  let acmeWebhook: string;
  let acmeDelivery: string;
  let acmeRun: string;
  let siblingSession: string;
  const acmeBackfill = randomUUID();
  const urlOf = (path: string) =>
    path
      .replace('{id}', acmeConnection)
      .replace('{slug}', 'demo')
      .replace('{backfillId}', acmeBackfill)
      .replace('{webhookId}', acmeWebhook)
      .replace('{deliveryId}', acmeDelivery)
      .replace('{runId}', acmeRun);
  /** The published pattern of a path: every parameter of a route is `{id}` or its own name. */
  const patternOf = (path: string) => path.split('?')[0]!.replace('{webhookId}', '{id}');

  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi({ apiKeys });
    ({ app } = api);
    const created = await app.inject({ method: 'POST', url: '/v1/connections', headers: auth(keys.acme), payload: { integration: 'demo', credentials: { apiKey: 'k' } } });
    acmeConnection = created.json().id;
    // An acme session that has made its own connection: acme's first one is not its to touch.
    siblingSession = (await openSession(app, keys.acme, { allowedIntegrations: ['demo'] })).token;
    const sibling = await app.inject({ method: 'POST', url: '/v1/connections', headers: auth(siblingSession), payload: { integration: 'demo' } });
    expect(sibling.statusCode).toBe(201);
    await api.db
      .insertInto('backfills')
      .values({ id: acmeBackfill, connection_id: acmeConnection, period_from: '2026-01-01', period_to: '2026-01-02', status: 'succeeded', chunks_total: 1, error: null })
      .execute();
    acmeRun = (
      await api.db
        .insertInto('sync_runs')
        .values({ connection_id: acmeConnection, workflow_id: 'sync:tenancy', workflow_run_id: 'run-1', window_start: new Date(), window_end: new Date(), status: 'succeeded', error: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const webhook = await app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth(keys.acme), payload: { url: 'http://127.0.0.1:9/acme', events: ['connection.error'] } });
    acmeWebhook = webhook.json().id;
    acmeDelivery = (await app.inject({ method: 'POST', url: `/v1/webhooks/${acmeWebhook}/test`, headers: auth(keys.acme) })).json().id;
  });
  afterAll(async () => api?.close());

  it('covers every route the API publishes', async () => {
    const spec = (await app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const published = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = [...[...routes, ...collectionRoutes].map((r) => `${r.method} ${patternOf(r.path)}`), ...consoleSessionRoutes];
    expect(published.filter((r) => !covered.includes(r))).toEqual([]);
  });

  it.each(routes)("$method $path: another tenant's connection or endpoint is a 404", async ({ method, path, body }) => {
    const res = await app.inject({ method: method as 'GET', url: urlOf(path), headers: auth(keys.globex), ...(body ? { payload: body as object } : {}) });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('acme');
  });

  it.each([...routes, ...collectionRoutes.filter((r) => !r.path.startsWith('/v1/oauth/'))])(
    '$method $path: support is $support',
    async ({ method, path, support, ...rest }) => {
      const body = 'body' in rest ? rest.body : method === 'POST' && path === '/v1/connections' ? { integration: 'demo' } : method === 'POST' && path === '/v1/webhooks' ? {} : undefined;
      const url = urlOf(path);
      // A stream of a pending connection does not end: read its status, then let it go.
      const stream = 'stream' in rest && rest.stream === true;
      const res = await app.inject({ method: method as 'GET', url, headers: auth(keys.support), payloadAsStream: stream, ...(body ? { payload: body as object } : {}) });
      if (stream) res.stream().destroy();
      if (support === 'forbidden') {
        expect(res.statusCode).toBe(403);
        expect(res.json().type).toBe('/problems/forbidden');
      } else {
        expect([403, 404]).not.toContain(res.statusCode);
      }
    },
  );

  it.each([...routes, ...collectionRoutes.filter((r) => !r.path.startsWith('/v1/oauth/'))])('$method $path: no key is a 401', async ({ method, path }) => {
    const res = await app.inject({ method: method as 'GET', url: urlOf(path) });
    expect(res.statusCode).toBe(401);
  });

  it.each(routes)("$method $path: a Connect session holding another connection: $session (none: refused)", async ({ method, path, body, session = 'refused' }) => {
    const res = await app.inject({ method, url: urlOf(path), headers: auth(siblingSession), ...(body ? { payload: body as object } : {}) });
    expect(res.statusCode).toBe(session === 'own' ? 404 : 401);
  });

  it.each(collectionRoutes.filter((r) => !r.path.startsWith('/v1/oauth/')))('$method $path: a Connect session is $session (none: refused)', async ({ method, path, session = 'refused' }) => {
    const res = await app.inject({ method: method as 'GET', url: urlOf(path), headers: auth(siblingSession), ...(method === 'POST' ? { payload: { integration: 'demo' } } : {}) });
    if (session === 'refused') expect(res.statusCode).toBe(401);
    else expect([401, 403]).not.toContain(res.statusCode);
  });

  // Last: the trail holds what the tests above did.
  it('records every state-changing action in the audit trail, each tenant seeing its own', async () => {
    const acme = (await app.inject({ url: '/v1/audit?limit=1000', headers: auth(keys.acme) })).json() as { items: { action: string; tenantId: string; connectionId: string; outcome: string; actorRole: string }[] };
    expect(acme.items.every((e) => e.tenantId === 'acme')).toBe(true);
    expect(acme.items).toContainEqual(expect.objectContaining({ action: 'create', connectionId: acmeConnection, outcome: 'ok' }));
    const all = (await app.inject({ url: '/v1/audit?limit=1000', headers: auth(keys.support) })).json() as typeof acme;
    // Support's refused attempts and globex's 404s are in the trail too, with the right tenant.
    expect(all.items).toContainEqual(expect.objectContaining({ actorRole: 'support', tenantId: 'acme', action: 'delete', outcome: 'rejected' }));
    expect(all.items).toContainEqual(expect.objectContaining({ tenantId: 'globex', connectionId: acmeConnection, outcome: 'rejected' }));
    const globex = (await app.inject({ url: '/v1/audit?limit=1000', headers: auth(keys.globex) })).json() as typeof acme;
    expect(globex.items.every((e) => e.tenantId === 'globex')).toBe(true);
  });

});
