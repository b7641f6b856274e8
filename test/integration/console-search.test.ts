import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import type { NewConnection } from '../../db/tables/connections.js';
import { startTestApi, threeKeys } from '../helpers/api-app.js';
import { openSession } from '../helpers/connect-session.js';

const { keys, apiKeys } = threeKeys('search');
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR);

/**
 * The support console's search (issue 24): across tenants by what a customer tells support,
 * with the waits on the user and the order of urgency. Rows are written straight into Postgres
 * so each stands still in the state it names.
 */
describe('GET /v1/connections as the console searches it', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: FastifyInstance;
  const ids: Record<string, string> = {};

  async function seed(key: string, row: Partial<NewConnection> & { tenant_id: string; name: string }) {
    const id = randomUUID();
    await api.db
      .insertInto('connections')
      .values({
        id,
        integration: 'demo',
        status: 'active',
        config: JSON.stringify({}),
        onboarding_step: 'done',
        onboarding_state: 'completed',
        sync_interval_minutes: 60,
        last_sync_at: new Date(),
        last_sync_status: 'succeeded',
        ...row,
      } as NewConnection)
      .execute();
    ids[key] = id;
  }
  const list = async (query: string, key = keys.support) => {
    const res = await app.inject({ method: 'GET', url: `/v1/connections?${query}`, headers: auth(key) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: ConnectionView[]; nextCursor: string | null };
  };
  const names = async (query: string, key = keys.support) => (await list(query, key)).items.map((c) => c.name);

  beforeAll(async () => {
    api = await startTestApi({ apiKeys });
    app = api.app;
    const paypalUser = JSON.stringify({ id: 'cust-981', displayName: 'Ada Lovelace', email: 'Ada@Example.com' });
    await seed('paypal', { tenant_id: 'acme-eu', integration: 'paypal', name: 'PayPal', end_user: paypalUser });
    await seed('ga', { tenant_id: 'acme-us', integration: 'google-analytics', name: 'Google Analytics 4 (shop)', end_user: JSON.stringify({ id: 'u-2', email: 'grace@example.org' }) });
    await seed('cloudflare', { tenant_id: 'globex', integration: 'cloudflare', name: 'Cloudflare 100%_zone' });
    await seed('failed', {
      tenant_id: 'globex',
      name: 'Failed shop',
      status: 'failed',
      onboarding_step: 'test',
      onboarding_state: 'failed',
      onboarding_updated_at: hoursAgo(2),
      last_sync_at: null,
      last_sync_status: null,
      onboarding_last_error: JSON.stringify({ code: 'auth_failed', message: 'no', hint: 'new key' }),
    });
    // Waiting on the user: one for 30 hours (over the 24 h default), one for 2.
    await seed('waitingLong', { tenant_id: 'initech', name: 'Waiting long', status: 'configuring', onboarding_step: 'configure', onboarding_state: 'waiting', onboarding_updated_at: hoursAgo(30), last_sync_at: null, last_sync_status: null });
    await seed('waitingShort', { tenant_id: 'initech', name: 'Waiting short', status: 'pending', onboarding_step: 'connect', onboarding_state: 'waiting', onboarding_updated_at: hoursAgo(2), last_sync_at: null, last_sync_status: null });
    await seed('lastRunFailed', { tenant_id: 'acme-eu', name: 'Last run failed', last_sync_status: 'failed' });
    // No data for three hours at an hourly interval: stale.
    await seed('stale', { tenant_id: 'initech', name: 'Gone stale', last_sync_at: hoursAgo(3) });
  });
  afterAll(async () => api?.close());

  it('finds a connection across tenants by its end user\'s email, id or name, any case', async () => {
    await expect(names('q=ada@example.COM')).resolves.toEqual(['PayPal']);
    await expect(names('q=cust-981')).resolves.toEqual(['PayPal']);
    await expect(names('q=lovelace')).resolves.toEqual(['PayPal']);
    await expect(names('q=example')).resolves.toEqual(expect.arrayContaining(['PayPal', 'Google Analytics 4 (shop)']));
    const found = (await list('q=grace@')).items;
    expect(found.map((c) => [c.tenantId, c.endUser])).toEqual([['acme-us', { id: 'u-2', email: 'grace@example.org' }]]);
  });

  it('finds by a fragment of the connection name (LIKE wildcards taken literally) and by connection id', async () => {
    await expect(names('q=analytics 4')).resolves.toEqual(['Google Analytics 4 (shop)']);
    await expect(names('q=100%25_')).resolves.toEqual(['Cloudflare 100%_zone']);
    await expect(names('q=0%25')).resolves.toEqual(['Cloudflare 100%_zone']);
    await expect(names('q=_')).resolves.toEqual(['Cloudflare 100%_zone']);
    await expect(names(`q=${ids.failed!.toUpperCase()}`)).resolves.toEqual(['Failed shop']);
  });

  it('narrows by tenant prefix, integration and status; a client key still sees only its own tenant', async () => {
    await expect(names('tenant=acme')).resolves.toEqual(expect.arrayContaining(['PayPal', 'Google Analytics 4 (shop)', 'Last run failed']));
    expect(await names('tenant=acme')).toHaveLength(3);
    await expect(names('tenant=acme-e&integration=paypal')).resolves.toEqual(['PayPal']);
    await expect(names('tenant=a_me')).resolves.toEqual([]);
    await expect(names('status=configuring')).resolves.toEqual(['Waiting long']);
    // Search is no way around tenancy.
    await expect(names('q=ada', keys.acme)).resolves.toEqual([]);
  });

  it('counts an onboarding waiting on its user over 24 h as needing attention, and filters by hours waited', async () => {
    const attention = await names('needsAttention=true');
    expect(attention).toEqual(expect.arrayContaining(['Failed shop', 'Waiting long', 'Last run failed', 'Gone stale']));
    expect((await list('q=gone stale')).items[0]!.sync.stale).toBe(true);
    // A sync that writes data again ends it (the trigger keeps the row's stale_after).
    await api.db.updateTable('connections').set({ last_sync_at: new Date() }).where('id', '=', ids.stale!).execute();
    expect(await names('needsAttention=true')).not.toContain('Gone stale');
    await api.db.updateTable('connections').set({ last_sync_at: hoursAgo(3) }).where('id', '=', ids.stale!).execute();
    expect(attention).not.toContain('Waiting short');
    expect(attention).not.toContain('PayPal');
    await expect(names('waitingHours=1')).resolves.toEqual(expect.arrayContaining(['Waiting long', 'Waiting short']));
    await expect(names('waitingHours=24')).resolves.toEqual(['Waiting long']);
    const waiting = (await list('q=waiting long')).items[0]!;
    expect(Date.parse(waiting.waitingSince!)).toBeLessThan(Date.now() - 29 * HOUR);
    expect((await list('q=paypal')).items[0]!.waitingSince).toBeNull();
  });

  it('orders by urgency (failed, waiting too long, failing syncs, under way, fine) and pages without losing a row', async () => {
    const order = await names('order=urgency&limit=1000');
    expect(order.slice(0, 5)).toEqual(['Failed shop', 'Waiting long', 'Gone stale', 'Last run failed', 'Waiting short']);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ConnectionView[]; nextCursor: string | null } = await list(`order=urgency&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(order);
    const tampered = await app.inject({ method: 'GET', url: `/v1/connections?order=urgency&cursor=${Buffer.from('["x"]').toString('base64url')}`, headers: auth(keys.support) });
    expect(tampered.statusCode).toBe(400);
  });

  it('refuses bad search input with a 400 naming the field', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/connections?waitingHours=-1&order=sideways', headers: auth(keys.support) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['querystring.waitingHours', 'querystring.order']));
  });

  it('keeps an end user\'s email from the Connect session on the connection it creates, and refuses one that is not an email', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: auth(keys.acme), payload: { endUser: { id: 'u-9', email: 'not-an-email' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.endUser.email');
    // The tenant names the connection in the session (issue 25: the page may not).
    const session = await openSession(app, keys.acme, {
      allowedIntegrations: ['demo'],
      endUser: { id: 'u-9', displayName: 'Hedy', email: 'hedy@example.net' },
      connection: { name: 'Hedy shop' },
    });
    const created = await app.inject({ method: 'POST', url: '/v1/connections', headers: auth(session.token), payload: { integration: 'demo', credentials: { apiKey: 'demo-123' } } });
    expect(created.statusCode, created.body).toBe(201);
    const row = await api.db.selectFrom('connections').select('end_user').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(row.end_user).toEqual({ id: 'u-9', displayName: 'Hedy', email: 'hedy@example.net' });
    await expect(names('q=hedy@example.net')).resolves.toEqual(['Hedy shop']);
  });
});
