import { createHash } from 'node:crypto';
import type { FastifyInstance, HTTPMethods, InjectOptions, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import type { Database } from '../../db/schema.js';
import { createApiDeps } from '../../wiring/compose.js';
import { threeKeys } from '../helpers/api-app.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase } from '../helpers/database.js';
import { connectTestTemporal, waitFor } from '../helpers/temporal.js';

interface Route {
  method: HTTPMethods;
  url: string;
  config: RouteOptions['config'];
}

/** The routes open without a key, chosen deliberately; every other route must demand one. */
const PUBLIC = [/^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/openapi\.json$/, /^\/docs(\/.*)?$/, /^\/v1\/oauth\/(callback|start)$/, /^\/connect$/, /^\/connect\.js$/, /^\/console$/, /^\/assets\/\*$/];
const isPublic = (route: Route) =>
  (route.method === 'OPTIONS' && route.url === '/codec/:op') || (['GET', 'HEAD', 'POST'].includes(route.method) && route.url === '/v1/console/session') || PUBLIC.some((p) => p.test(route.url));
const SAFE = ['GET', 'HEAD', 'OPTIONS'];

const ID = '0b7c2a4e-6f1d-4c1a-9a55-3d2f8e9b1c10';
/** A concrete path for a route pattern: parameters and wildcards filled in. */
const pathOf = (url: string) => url.replace(/:[A-Za-z]+/g, ID).replace('*', 'x');
/** Every character of every segment percent-encoded: the router decodes it back. */
const encodedAll = (path: string) =>
  path
    .split('/')
    .map((segment) => [...segment].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''))
    .join('/');
/** Only the first character encoded (`/%63odec/decode`). */
const encodedFirst = (path: string) => `/%${path.charCodeAt(1).toString(16)}${path.slice(2)}`;

describe('route access is decided from the matched route, deny by default', () => {
  const { keys, apiKeys } = threeKeys('access');
  const routes: Route[] = [];
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let databaseUrl: string;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;

  beforeAll(async () => {
    ({ db, url: databaseUrl } = await createTestDatabase());
    temporal = await connectTestTemporal();
    app = await buildApp(createApiDeps({ config: testConfig({ apiKeys, codecCorsOrigins: ['http://127.0.0.1:8233'] }), db, databaseUrl, client: temporal.client }), {
      // High enough that this file's requests from one address are never limited.
      requestsPerMinute: 100_000,
      onRoute: (route) => {
        for (const method of [route.method].flat()) routes.push({ method, url: route.url, config: route.config });
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
    await db?.destroy();
  });

  const inject = (method: HTTPMethods, url: string, key?: string) =>
    app.inject({ method: method as InjectOptions['method'], url, headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('answers 401 without a key on every route but the public ones, through encoded paths too, and 404 to case-varied ones', async () => {
    const urls = new Set(routes.map((r) => r.url));
    for (const url of ['/v1/connections', '/v1/connections/:id', '/v1/webhooks', '/v1/webhooks/:id/deliveries/:deliveryId/redeliver', '/codec/decode', '/codec/encode', '/docs', '/healthz', '/metrics', '/openapi.json', '/v1/oauth/callback', '/v1/oauth/start']) {
      expect(urls).toContain(url);
    }
    for (const route of routes.filter(isPublic)) {
      const res = await inject(route.method, pathOf(route.url));
      expect({ route: `${route.method} ${route.url}`, refused: [401, 403].includes(res.statusCode) }).toEqual({ route: `${route.method} ${route.url}`, refused: false });
    }
    const protectedRoutes = routes.filter((r) => !isPublic(r));
    expect(protectedRoutes.length).toBeGreaterThan(20);
    // Fastify's default: paths are case sensitive, so /V1/… matches no route.
    const caseVariedStatus = app.initialConfig.caseSensitive === false ? 401 : 404;
    for (const route of protectedRoutes) {
      const path = pathOf(route.url);
      for (const url of [path, encodedFirst(path), encodedAll(path)]) {
        const res = await inject(route.method, url);
        expect({ route: `${route.method} ${url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${url}`, status: 401 });
        if (route.method !== 'HEAD') expect(res.json()).toMatchObject({ type: '/problems/unauthorized' });
      }
      const unknownKey = await inject(route.method, encodedFirst(path), 'not-a-key-of-this-api-0000');
      expect({ route: `${route.method} ${path}`, status: unknownKey.statusCode }).toEqual({ route: `${route.method} ${path}`, status: 401 });
      const upper = await inject(route.method, path.toUpperCase());
      expect({ route: `${route.method} ${path.toUpperCase()}`, status: upper.statusCode }).toEqual({ route: `${route.method} ${path.toUpperCase()}`, status: caseVariedStatus });
    }
  });

  it('refuses client keys on support-only routes and support keys on client-only routes, through encoded paths too', async () => {
    const supportOnly = routes.filter((r) => r.config?.supportOnly);
    const clientOnly = routes.filter((r) => r.config?.clientOnly);
    expect(supportOnly.map((r) => r.url)).toEqual(expect.arrayContaining(['/codec/encode', '/codec/decode']));
    expect(clientOnly.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /v1/connections', 'DELETE /v1/connections/:id', 'POST /v1/webhooks', 'PATCH /v1/webhooks/:id', 'DELETE /v1/webhooks/:id', 'POST /v1/webhooks/:id/rotate-secret', 'POST /v1/webhooks/:id/test']),
    );
    for (const [group, key] of [
      [supportOnly, keys.acme],
      [clientOnly, keys.support],
    ] as const) {
      for (const route of group) {
        const path = pathOf(route.url);
        for (const url of [path, encodedFirst(path), encodedAll(path)]) {
          const res = await inject(route.method, url, key);
          expect({ route: `${route.method} ${url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${url}`, status: 403 });
        }
      }
    }
  });

  it('lets a console session cookie in as its support key, and refuses every state change on it without the CSRF token', async () => {
    const signIn = await app.inject({ method: 'POST', url: '/v1/console/session', payload: { key: keys.support } });
    expect(signIn.statusCode).toBe(201);
    const cookie = signIn.cookies.find((c) => c.name === 'onramp_console')!;
    // Plain http here: a Secure cookie would never come back (the https case is the next test).
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeUndefined();
    const { csrfToken } = signIn.json<{ csrfToken: string }>();
    const withCookie = (method: HTTPMethods, url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: method as InjectOptions['method'], url, cookies: { onramp_console: cookie.value }, headers });

    const protectedRoutes = routes.filter((r) => !isPublic(r) && !(r.url === '/v1/console/session' && r.method === 'DELETE'));
    // The Temporal UI's codec (decode, encode) is a POST that changes nothing, and the UI cannot send the
    // token: the only routes let in on the cookie without it, each declared so (issue 24).
    const readOnlyPosts = protectedRoutes.filter((r) => r.config?.changesNothing);
    expect(readOnlyPosts.map((r) => `${r.method} ${r.url}`).sort()).toEqual(['POST /codec/decode', 'POST /codec/encode']);
    const changes = protectedRoutes.filter((r) => !SAFE.includes(r.method) && !r.config?.changesNothing);
    expect(changes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['POST /v1/connections/:id/retry', 'POST /v1/connections/:id/pause', 'POST /v1/connections/:id/resume', 'POST /v1/connections/:id/sync']));
    for (const route of changes) {
      const path = pathOf(route.url);
      for (const headers of [{} as Record<string, string>, { 'x-csrf-token': 'not-the-token' }, { 'x-csrf-token': csrfToken.slice(1) }]) {
        const res = await withCookie(route.method, path, headers);
        expect({ route: `${route.method} ${path}`, status: res.statusCode }).toEqual({ route: `${route.method} ${path}`, status: 403 });
        expect(res.json<{ detail: string }>().detail).toContain('x-csrf-token');
      }
      // With the token the session is its support key: client-only routes refuse it as they refuse that key, the rest let it through.
      const res = await withCookie(route.method, path, { 'x-csrf-token': csrfToken });
      const refused = route.config?.clientOnly ? 403 : undefined;
      expect({ route: `${route.method} ${path}`, refused: [401, 403].includes(res.statusCode) ? res.statusCode : undefined }).toEqual({ route: `${route.method} ${path}`, refused });
    }
    for (const route of protectedRoutes.filter((r) => SAFE.includes(r.method) && r.method !== 'HEAD')) {
      const res = await withCookie(route.method, pathOf(route.url));
      expect({ route: `${route.method} ${route.url}`, status: [401, 403].includes(res.statusCode) ? res.statusCode : 'let in' }).toEqual({
        route: `${route.method} ${route.url}`,
        // GET /v1/connect/session describes a Connect session token, so any key (or cookie) is refused there.
        status: route.config?.clientOnly || route.url === '/v1/connect/session' ? 403 : 'let in',
      });
    }

    // Signing out needs the token too, and the cookie is worth nothing afterwards.
    expect((await withCookie('DELETE', '/v1/console/session')).statusCode).toBe(403);
    expect((await withCookie('DELETE', '/v1/console/session', { 'x-csrf-token': csrfToken })).statusCode).toBe(204);
    const after = await withCookie('GET', '/v1/connections');
    expect(after.statusCode).toBe(401);
    expect(after.json<{ detail: string }>().detail).toContain('sign in again');
    expect((await withCookie('GET', '/v1/console/session')).statusCode).toBe(204);
  });

  it('marks the console cookie Secure when the public URL is https', async () => {
    const https = await buildApp(createApiDeps({ config: testConfig({ apiKeys, publicUrl: 'https://onramp.example.com' }), db, databaseUrl, client: temporal.client }));
    try {
      const signIn = await https.inject({ method: 'POST', url: '/v1/console/session', payload: { key: keys.support } });
      expect(signIn.cookies.find((c) => c.name === 'onramp_console')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
      const refused = await https.inject({ method: 'POST', url: '/v1/console/session', payload: { key: keys.acme } });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ detail: string }>().detail).toContain('use a support key');
      expect(refused.cookies).toEqual([]);
    } finally {
      await https.close();
    }
  });

  it('lets a Connect session token use only the routes declared for it, and there only its own connection', async () => {
    const declared = routes.filter((r) => r.config?.connectSession).map((r) => `${r.method} ${r.url}`);
    // The whole list, on purpose: a route joins it only by a deliberate change here.
    expect(declared.filter((r) => !r.startsWith('HEAD ')).sort()).toEqual([
      'GET /v1/connect/session',
      'GET /v1/connections/:id',
      'GET /v1/connections/:id/options',
      'GET /v1/connections/:id/progress/stream',
      'GET /v1/integrations',
      'GET /v1/integrations/:slug',
      // Issue 22: the Complete step shows its own connection's first values.
      'GET /v1/kpis/latest',
      'POST /v1/connections',
      'POST /v1/connections/:id/reauthorize',
      'POST /v1/connections/:id/retry',
      'PUT /v1/connections/:id/config',
      'PUT /v1/connections/:id/credentials',
    ]);
    const opened = await app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: { authorization: `Bearer ${keys.acme}` }, payload: {} });
    expect(opened.statusCode).toBe(201);
    const token = (opened.json() as { token: string }).token;
    for (const route of routes.filter((r) => !isPublic(r))) {
      const path = pathOf(route.url);
      for (const url of [path, encodedFirst(path), encodedAll(path)]) {
        const res = await inject(route.method, url, token);
        // ID is not this session's connection: 404 where sessions may go, 401 everywhere else.
        const want = !route.config?.connectSession ? 401 : route.url.includes(':id') ? 404 : 'not refused';
        const got = [401, 403].includes(res.statusCode) ? res.statusCode : route.url.includes(':id') ? res.statusCode : 'not refused';
        expect({ route: `${route.method} ${url}`, status: got }).toEqual({ route: `${route.method} ${url}`, status: want });
      }
    }
  });

  it('audits refusals: an encoded codec path without a key, and a client key on the codec', async () => {
    const refusals = (actor: string, status: number) =>
      db
        .selectFrom('audit_events')
        .select(['actor_role', 'tenant_id', 'outcome', 'connection_id'])
        .where('action', '=', 'POST /codec/decode')
        .where('actor_key_id', '=', actor)
        .where('status_code', '=', status)
        .execute();
    const anonymousBefore = (await refusals('anonymous', 401)).length;
    expect((await inject('POST', '/%63odec/decode')).statusCode).toBe(401);
    expect((await inject('POST', '/cod%65c/decode', keys.globex)).statusCode).toBe(403);
    const globexKeyId = createHash('sha256').update(keys.globex).digest('hex').slice(0, 12);
    // The audit hook writes after the answer has gone: wait for the rows.
    const anonymous = await waitFor('the 401 in the audit trail', async () => {
      const rows = await refusals('anonymous', 401);
      return rows.length > anonymousBefore && rows;
    });
    expect(anonymous.at(-1)).toEqual({ actor_role: 'anonymous', tenant_id: null, outcome: 'rejected', connection_id: null });
    const client = await waitFor('the 403 in the audit trail', async () => (await refusals(globexKeyId, 403))[0]);
    expect(client).toEqual({ actor_role: 'client', tenant_id: 'globex', outcome: 'rejected', connection_id: null });
  });
});
