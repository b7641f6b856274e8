import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { defaultUserMessage } from '../../domain/failure-messages.js';
import { updateConnection } from '../../db/repositories/connections.js';
import type { ConnectionUpdate } from '../../db/tables/connections.js';
import { startTestApi, threeKeys } from '../helpers/api-app.js';
import { openSession, readEvents } from '../helpers/connect-session.js';
import { waitFor } from '../helpers/temporal.js';

const { keys, apiKeys } = threeKeys('sessions');
const keyIdOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('Connect sessions: a short-lived token that connects one connection and nothing more', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    api = await startTestApi({
      apiKeys,
      publicUrl: 'https://onramp.example.test',
      oauth: { clients: {}, returnUrls: ['https://app.example.test/done'] },
    });
    app = api.app;
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => api?.close());

  it('answers a token in the URL fragment, stores only its hash, and expires after the default 30 minutes', async () => {
    const before = Date.now();
    const session = await openSession(app, keys.acme, { allowedIntegrations: ['demo'], endUser: { id: 'user-7', displayName: 'Ada' }, returnUrl: 'https://app.example.test/done?x=1' });
    expect(session.url).toBe(`https://onramp.example.test/connect#session=${session.token}`);
    const expiresIn = Date.parse(session.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(29 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * 60_000 + 5_000);
    const rows = await api.db.selectFrom('connect_sessions').selectAll().where('tenant_id', '=', 'acme').execute();
    expect(JSON.stringify(rows)).not.toContain(session.token);
    expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(session.token).digest('base64url'));
  });

  it('refuses bad input with a 400 naming the field: an unknown integration, a returnUrl off the allow-list', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: bearer(keys.acme), payload: { allowedIntegrations: ['demo', 'nope'], returnUrl: 'https://evil.example/' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual({ field: 'body.allowedIntegrations.1', message: 'no integration "nope"' });
    const url = await app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: bearer(keys.acme), payload: { returnUrl: 'https://evil.example/' } });
    expect(url.statusCode).toBe(400);
    expect(url.json().errors[0].field).toBe('body.returnUrl');
    const support = await app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: bearer(keys.support), payload: {} });
    expect(support.statusCode).toBe(403);
  });

  it('matches the returnUrl allow-list on whole path segments: …/done admits …/done and …/done/next, never …/done-evil', async () => {
    const session = (returnUrl: string) => app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: bearer(keys.acme), payload: { returnUrl } });
    for (const returnUrl of ['https://app.example.test/done', 'https://app.example.test/done/next?x=1', 'https://app.example.test/done?x=1']) {
      expect({ returnUrl, status: (await session(returnUrl)).statusCode }).toEqual({ returnUrl, status: 201 });
    }
    for (const returnUrl of ['https://app.example.test/done-evil', 'https://app.example.test/doneevil/x', 'https://app.example.test/done.html', 'https://app.example.test/do']) {
      const res = await session(returnUrl);
      expect({ returnUrl, status: res.statusCode }).toEqual({ returnUrl, status: 400 });
      expect(res.json().errors).toEqual([{ field: 'body.returnUrl', message: expect.stringMatching(/whole path segments/) }]);
    }
  });

  it('keeps the host product\'s branding for the page; refuses a bad colour, name or logo with a 400 naming the field', async () => {
    const branding = { productName: 'Acme Books', logoUrl: 'https://app.example.test/logo.png', accentColor: '#0b6e4f' };
    const session = await openSession(app, keys.acme, { allowedIntegrations: ['demo'], branding });
    const info = await app.inject({ method: 'GET', url: '/v1/connect/session', headers: bearer(session.token) });
    expect(info.json().branding).toEqual(branding);
    const plain = await openSession(app, keys.acme, {});
    expect((await app.inject({ method: 'GET', url: '/v1/connect/session', headers: bearer(plain.token) })).json().branding).toBeNull();

    const refused = async (given: Record<string, unknown>) => {
      const res = await app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: bearer(keys.acme), payload: { branding: given } });
      expect(res.statusCode).toBe(400);
      return res.json().errors as { field: string; message: string }[];
    };
    expect((await refused({ productName: 'Acme', accentColor: 'green' }))[0]).toEqual({ field: 'body.branding.accentColor', message: 'must be a colour as #rrggbb, e.g. #0b6e4f' });
    expect((await refused({ productName: 'Acme', accentColor: '#0b6e4' }))[0]?.field).toBe('body.branding.accentColor');
    expect((await refused({ productName: '  ' }))[0]?.field).toBe('body.branding.productName');
    expect((await refused({ productName: 'x'.repeat(61) }))[0]?.message).toMatch(/at most 60/);
    expect((await refused({ productName: 'Acme\nBooks' }))[0]?.message).toMatch(/one line/);
    expect((await refused({ accentColor: '#0b6e4f' }))[0]?.field).toBe('body.branding.productName');
    expect((await refused({ productName: 'Acme', logoUrl: 'http://app.example.test/logo.png' }))[0]).toEqual({ field: 'body.branding.logoUrl', message: 'must be https:// (http:// only on localhost)' });
    expect((await refused({ productName: 'Acme', logoUrl: 'javascript:alert(1)' }))[0]?.field).toBe('body.branding.logoUrl');
    // An empty or unparsable URL is a 400 too, never a 500 (schemathesis found one).
    expect((await refused({ productName: 'Acme', logoUrl: '' }))[0]).toEqual({ field: 'body.branding.logoUrl', message: 'must be a full https:// URL of an image' });
    expect((await refused({ logoUrl: 'not a url' })).map((e) => e.field).sort()).toEqual(['body.branding.logoUrl', 'body.branding.productName']);
    const elsewhere = await refused({ productName: 'Acme', logoUrl: 'https://cdn.example.net/logo.png' });
    expect(elsewhere[0]?.field).toBe('body.branding.logoUrl');
    expect(elsewhere[0]?.message).toContain('https://app.example.test');
  });

  it('serves the Connect page with images allowed from the host origins only, and lists each integration\'s logo or none', async () => {
    const page = await app.inject({ method: 'GET', url: '/connect' });
    expect(page.headers['content-security-policy']).toContain("img-src 'self' data: https://app.example.test;");
    const session = await openSession(app, keys.acme, {});
    const catalog = (await app.inject({ method: 'GET', url: '/v1/integrations', headers: bearer(session.token) })).json().items as { slug: string; logoUrl: string | null }[];
    expect(catalog.find((i) => i.slug === 'demo')?.logoUrl).toMatch(/^data:image\/svg\+xml,/);
    expect(catalog.find((i) => i.slug === 'cloudflare')?.logoUrl).toBeNull();
  });

  it('sees only its allowed integrations, creates one connection tagged with the end user, then only that one', async () => {
    const session = await openSession(app, keys.acme, { allowedIntegrations: ['demo'], endUser: { id: 'user-8', displayName: 'Grace' } });
    const catalog = await app.inject({ url: '/v1/integrations', headers: bearer(session.token) });
    expect(catalog.json().items.map((i: { slug: string }) => i.slug)).toEqual(['demo']);
    expect((await app.inject({ url: '/v1/integrations/cloudflare', headers: bearer(session.token) })).statusCode).toBe(404);
    const other = await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(session.token), payload: { integration: 'cloudflare' } });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].field).toBe('body.integration');

    const created = await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(session.token), payload: { integration: 'demo', credentials: { apiKey: 'k-1' } } });
    expect(created.statusCode).toBe(201);
    const connection = created.json() as ConnectionView;
    expect(connection).toMatchObject({ tenantId: 'acme', endUser: { id: 'user-8', displayName: 'Grace' } });
    const again = await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(session.token), payload: { integration: 'demo' } });
    expect(again.statusCode).toBe(409);
    expect((await app.inject({ url: `/v1/connections/${connection.id}`, headers: bearer(session.token) })).statusCode).toBe(200);
    const info = await app.inject({ url: '/v1/connect/session', headers: bearer(session.token) });
    expect(info.json()).toMatchObject({ connectionId: connection.id, allowedIntegrations: ['demo'] });

    // Another connection of the same tenant is as absent as another tenant's.
    const sibling = (await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(keys.acme), payload: { integration: 'demo' } })).json() as ConnectionView;
    for (const url of [`/v1/connections/${sibling.id}`, `/v1/connections/${sibling.id}/options`, `/v1/connections/${sibling.id}/progress/stream`]) {
      expect((await app.inject({ url, headers: bearer(session.token) })).statusCode).toBe(404);
    }
    // Its own connection's latest KPIs (the Complete step shows them), no one else's.
    expect((await app.inject({ url: `/v1/kpis/latest?connectionId=${connection.id}`, headers: bearer(session.token) })).statusCode).toBe(200);
    for (const url of [`/v1/kpis/latest?connectionId=${sibling.id}`, '/v1/kpis/latest']) {
      expect({ url, status: (await app.inject({ url, headers: bearer(session.token) })).statusCode }).toEqual({ url, status: 404 });
    }
    // Anything else is refused, other KPI reads and audit included.
    for (const url of ['/v1/connections', `/v1/kpis?connectionId=${connection.id}`, '/v1/audit', `/v1/connections/${connection.id}/syncs`]) {
      const res = await app.inject({ url, headers: bearer(session.token) });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 401 });
    }
    expect((await app.inject({ method: 'DELETE', url: `/v1/connections/${connection.id}`, headers: bearer(session.token) })).statusCode).toBe(401);
  });

  it("leaves name, sync interval and history to the tenant: the page sends integration, credentials and config only", async () => {
    const session = await openSession(app, keys.acme, { returnUrl: 'https://app.example.test/done', connection: { name: 'Ada\'s shop', syncIntervalMinutes: 120, initialHistoryDays: 30 } });
    const create = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(session.token), payload: { integration: 'demo', credentials: { apiKey: 'k-9' }, ...payload } });
    for (const [field, value] of [['syncIntervalMinutes', 1], ['initialHistoryDays', 1095], ['name', 'Mine']] as const) {
      const res = await create({ [field]: value });
      expect({ field, status: res.statusCode }).toEqual({ field, status: 400 });
      expect(res.json().errors).toEqual([{ field: `body.${field}`, message: expect.stringMatching(/decided by the application that opened this Connect session/) }]);
    }
    const elsewhere = await create({ returnUrl: 'https://app.example.test/done/elsewhere' });
    expect(elsewhere.json().errors).toEqual([{ field: 'body.returnUrl', message: expect.stringMatching(/the Connect page or the Connect session's own returnUrl/) }]);
    // What the Connect page sends today for an API-key integration: the integration and credentials
    // (for OAuth without a popup also the session's own returnUrl, which passes the check above).
    const created = await create({});
    expect(created.statusCode, created.body).toBe(201);
    const row = await api.db.selectFrom('connections').select(['name', 'sync_interval_minutes', 'initial_history_days']).where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Ada\'s shop', sync_interval_minutes: 120, initial_history_days: 30 });
    // A key still sets them itself.
    const byKey = await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(keys.acme), payload: { integration: 'demo', name: 'By key', syncIntervalMinutes: 15 } });
    expect(byKey.json()).toMatchObject({ name: 'By key', sync: { intervalMinutes: 15 } });
  });

  it('is read-only once its connection is active: it may follow it, not change credentials or config, retry or create; the key still may', async () => {
    const session = await openSession(app, keys.acme, {});
    const created = (await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(session.token), payload: { integration: 'demo', credentials: { apiKey: 'k-10' } } })).json() as ConnectionView;
    // No worker runs here: the row is made active as activation would.
    await api.db.updateTable('connections').set({ status: 'active', onboarding_step: 'done', onboarding_state: 'completed' }).where('id', '=', created.id).execute();
    for (const [method, url, payload] of [
      ['PUT', `/v1/connections/${created.id}/credentials`, { credentials: { apiKey: 'k-11' } }],
      ['PUT', `/v1/connections/${created.id}/config`, { config: { site: 'elsewhere' } }],
      ['POST', `/v1/connections/${created.id}/retry`, undefined],
      ['POST', '/v1/connections', { integration: 'demo' }],
    ] as const) {
      const res = await app.inject({ method, url, headers: bearer(session.token), ...(payload ? { payload } : {}) });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
      expect(res.json().detail).toMatch(/set up and working: this link can now only show it\. To change its sign-in or settings, ask the application/);
    }
    const unchanged = (await app.inject({ url: `/v1/connections/${created.id}`, headers: bearer(session.token) }));
    expect(unchanged.statusCode).toBe(200);
    expect(unchanged.json().config).toEqual({});
    // (The tenant's key still changes it: test/e2e/onboarding-choices.e2e.test.ts, with a worker to hear the change.)
    expect((await app.inject({ url: '/v1/connect/session', headers: bearer(session.token) })).statusCode).toBe(200);
  });

  it('opens a fix session for a connection of its own tenant only; another tenant\'s is a 404', async () => {
    const acme = (await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(keys.acme), payload: { integration: 'demo' } })).json() as ConnectionView;
    const res = await app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: bearer(keys.globex), payload: { connectionId: acme.id } });
    expect(res.statusCode).toBe(404);
    const fix = await openSession(app, keys.acme, { connectionId: acme.id });
    expect((await app.inject({ url: `/v1/connections/${acme.id}`, headers: bearer(fix.token) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(fix.token), payload: { integration: 'demo' } })).statusCode).toBe(409);
    // A globex session cannot reach it either.
    const globex = await openSession(app, keys.globex);
    expect((await app.inject({ url: `/v1/connections/${acme.id}`, headers: bearer(globex.token) })).statusCode).toBe(404);
  });

  it('refuses an expired session, and one whose connection was disconnected, saying what to do', async () => {
    const session = await openSession(app, keys.acme);
    await api.db.updateTable('connect_sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', createHash('sha256').update(session.token).digest('base64url')).execute();
    const expired = await app.inject({ url: '/v1/integrations', headers: bearer(session.token) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toMatch(/This link has expired: ask .* for a new one/);

    const used = await openSession(app, keys.acme);
    const created = (await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(used.token), payload: { integration: 'demo' } })).json() as ConnectionView;
    await app.inject({ method: 'DELETE', url: `/v1/connections/${created.id}`, headers: bearer(keys.acme) });
    const usedUp = await app.inject({ url: `/v1/connections/${created.id}`, headers: bearer(used.token) });
    expect(usedUp.statusCode).toBe(401);
    expect(usedUp.json().detail).toMatch(/used up/);
  });

  it('audits the session\'s creation and each action taken with it under the key that opened it', async () => {
    const session = await openSession(app, keys.globex, { endUser: { id: 'u-audit' } });
    const created = (await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(session.token), payload: { integration: 'demo' } })).json() as ConnectionView;
    // Refused (nothing failed yet) and audited all the same.
    expect((await app.inject({ method: 'POST', url: `/v1/connections/${created.id}/retry`, headers: bearer(session.token) })).statusCode).toBe(409);
    const events = await waitFor('the session actions in the audit trail', async () => {
      const rows = await api.db
        .selectFrom('audit_events')
        .select(['action', 'actor_key_id', 'actor_role', 'tenant_id', 'connection_id'])
        .where('tenant_id', '=', 'globex')
        .where('outcome', '!=', 'pending')
        .orderBy('at')
        .execute();
      return rows.some((r) => r.action === 'retry') && rows;
    });
    expect(events).toContainEqual({ action: 'connect_session.create', actor_key_id: keyIdOf(keys.globex), actor_role: 'client', tenant_id: 'globex', connection_id: null });
    expect(events).toContainEqual({ action: 'create', actor_key_id: keyIdOf(keys.globex), actor_role: 'connect_session', tenant_id: 'globex', connection_id: created.id });
    expect(events).toContainEqual({ action: 'retry', actor_key_id: keyIdOf(keys.globex), actor_role: 'connect_session', tenant_id: 'globex', connection_id: created.id });
  });

  it('streams each progress change as a server-sent event, bounded per session, ending at a terminal state', async () => {
    const session = await openSession(app, keys.acme);
    const created = (await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer(session.token), payload: { integration: 'demo' } })).json() as ConnectionView;
    const url = `${base}/v1/connections/${created.id}/progress/stream`;
    const stream = await fetch(url, { headers: bearer(session.token) });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Not kept alive: a stream ended by shutdown must not leave a socket that holds close() open.
    expect(stream.headers.get('connection')).toBe('close');
    // The limit: this stream plus two more, and the fourth is refused.
    const extra = await Promise.all([fetch(url, { headers: bearer(session.token) }), fetch(url, { headers: bearer(session.token) })]);
    expect(extra.map((r) => r.status)).toEqual([200, 200]);
    expect((await fetch(url, { headers: bearer(session.token) })).status).toBe(429);
    await Promise.all(extra.map((r) => r.body?.cancel()));

    // Through the repository, as the activities do: its commit notifies the open streams.
    const change = (patch: ConnectionUpdate) => void updateConnection(api.db, created.id, patch);
    type Progress = ConnectionView & { kpisWritten: string[] };
    // Each change is made when the previous one has been seen, so every step must arrive (no
    // sleep, no timing asserted: test/integration/progress-stream.test.ts shows the push).
    const events = await readEvents<Progress>(stream, (event) => {
      if (event.status === 'pending') change({ status: 'testing', onboarding_step: 'test', onboarding_state: 'running', onboarding_attempts: 2 });
      if (event.status === 'testing') {
        change({ status: 'failed', onboarding_state: 'failed', onboarding_last_error: JSON.stringify({ code: 'auth_failed', message: '<b>bad</b> key', hint: 'check it' }) });
      }
      return false; // read until the server ends the stream
    });
    expect(events.map((e) => [e.status, e.onboarding.step, e.onboarding.attempts])).toEqual([
      ['pending', 'connect', 0],
      ['testing', 'test', 2],
      ['failed', 'test', 2],
    ]);
    // A failure recorded without a userMessage shows its code's plain default.
    expect(events.at(-1)?.onboarding.lastError).toEqual({ code: 'auth_failed', message: '<b>bad</b> key', hint: 'check it', userMessage: defaultUserMessage('auth_failed') });
  });
});
