import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { paypalStamp, startPayPalReplica, type PayPalReplica } from '../replicas/paypal-server.js';

const key = 'paypal-client-key-0000000001';
const DAY = 86_400_000;
const app = { clientId: 'onramp-app', clientSecret: 'EJ-secret-Ab12_cd34' };


/** Midnight UTC `offset` days before today. */
const dayStart = (offset: number) => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - offset * DAY;
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('PayPal provider end to end (Transaction Search replica, real Temporal and Postgres)', () => {
  let replica: PayPalReplica;
  let stack: TestStack;

  beforeAll(async () => {
    replica = await startPayPalReplica({
      clients: [
        app,
        { clientId: 'wrong-secret-app', clientSecret: 'the-right-secret' },
        { clientId: 'no-search-app', clientSecret: 'no-search-secret', transactionSearch: false },
      ],
    });
    let n = 0;
    const tx = (at: number | string, status: 'S' | 'P' | 'D' | 'V', currency: string, value: string) =>
      replica.transactions.push({ id: `7XY${String(++n).padStart(14, '0')}`, initiation: typeof at === 'number' ? paypalStamp(at) : at, status, currency, value });
    // 1,200 completed USD sales of 1.25 twenty days ago: three pages of 500.
    for (let i = 0; i < 1200; i++) tx(dayStart(20) + i * 60_000, 'S', 'USD', '1.25');
    // Exactly on the 31-day cut (the replica's end_date is inclusive): counted once.
    tx(dayStart(9), 'S', 'USD', '7.00');
    // Two days ago: only completed, positive, USD amounts count; 0.1 + 0.2 stays exact.
    tx(dayStart(2) + 10 * 3600_000, 'S', 'USD', '100.00');
    tx(dayStart(2) + 11 * 3600_000, 'S', 'USD', '0.10');
    tx(dayStart(2) + 12 * 3600_000, 'S', 'USD', '0.20');
    tx(dayStart(2) + 13 * 3600_000, 'P', 'USD', '50.00');
    tx(dayStart(2) + 14 * 3600_000, 'S', 'EUR', '70.00');
    tx(dayStart(2) + 15 * 3600_000, 'S', 'USD', '-30.00');
    tx(dayStart(2) + 16 * 3600_000, 'D', 'USD', '9.99');
    tx(dayStart(2) + 17 * 3600_000, 'V', 'USD', '5.00');
    // Yesterday: the last second of the day, and 01:30 at +02:00 today, which is yesterday 23:30 UTC.
    tx(dayStart(0) - 1000, 'S', 'USD', '10.00');
    tx(`${isoDay(dayStart(0))}T01:30:00+0200`, 'S', 'USD', '5.55');

    const providers = createProviderRegistry(builtInProviders, {
      // Only the sandbox is pointed at the replica: a provider that picked `live` would fail.
      endpointOverrides: { ONRAMP_ENDPOINT_PAYPAL_SANDBOX: replica.url },
    });
    stack = await startTestStack({ providers, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, syncNow } = syncHelpers(() => stack, key);
  const waitForStatus = (id: string, status: string) =>
    waitFor(`connection ${id} to be ${status}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      return body.status === status ? body : undefined;
    });
  const create = async (body: Record<string, unknown>) => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'paypal', ...body }) });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const revenue = async (id: string) =>
    stack.db.selectFrom('kpi_values').select(['kpi_key', 'period_start', 'value', 'unit']).where('connection_id', '=', id).orderBy('period_start').execute();
  const activeConnection = async (initialHistoryDays: number, config: Record<string, unknown> = {}) => {
    const id = await create({ config, credentials: { ...app, environment: 'sandbox' }, initialHistoryDays });
    await waitForRuns(id, 1);
    return id;
  };

  it('publishes its schemas, with the secret write-only and USD as the default currency', async () => {
    const { body } = await api<{ authKind: string; configSchema: { properties: Record<string, { default?: string }> }; credentialsSchema: { properties: Record<string, { writeOnly?: boolean }> } }>(
      '/v1/integrations/paypal',
    );
    expect(body.authKind).toBe('custom');
    expect(body.configSchema.properties.currency?.default).toBe('USD');
    expect(body.credentialsSchema.properties.clientSecret?.writeOnly).toBe(true);
  });

  it('onboards to active and writes daily revenue over 41 days: 31-day ranges, three pages of 500', async () => {
    const before = replica.calls.length;
    const id = await create({ credentials: { ...app, environment: 'sandbox' }, initialHistoryDays: 40 });
    const [run] = await waitForRuns(id, 1);
    expect(run).toMatchObject({ status: 'succeeded', kpisWritten: 41 });
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'active', config: { currency: 'USD' }, onboarding: { step: 'done' } });

    const rows = await revenue(id);
    expect(rows).toHaveLength(41);
    expect(rows.every((r) => r.kpi_key === 'revenue' && r.unit === 'USD')).toBe(true);
    const byDay = Object.fromEntries(rows.map((r) => [r.period_start, r.value]));
    expect(byDay[isoDay(dayStart(20))]).toBe(1500);
    expect(byDay[isoDay(dayStart(9))]).toBe(7);
    expect(byDay[isoDay(dayStart(2))]).toBe(100.3);
    expect(byDay[isoDay(dayStart(1))]).toBe(15.55);
    expect(rows.filter((r) => r.value !== 0)).toHaveLength(4);
    expect(rows[0]!.period_start).toBe(isoDay(dayStart(40)));

    // The sync's calls: [D-40, D-9) in three pages, then [D-9, now) in one; never over 31 days.
    const search = replica.calls.slice(before).filter((c) => c.path === '/v1/reporting/transactions' && c.query.page_size === '500');
    expect(search.every((c) => c.status === 200 && c.query.fields === 'transaction_info')).toBe(true);
    expect(search.map((c) => [c.query.start_date, c.query.page])).toEqual([
      [paypalIso(dayStart(40)), '1'],
      [paypalIso(dayStart(40)), '2'],
      [paypalIso(dayStart(40)), '3'],
      [paypalIso(dayStart(9)), '1'],
    ]);
    expect(search[0]!.query.end_date).toBe(paypalIso(dayStart(9)));
    for (const c of search) expect(Date.parse(c.query.end_date!) - Date.parse(c.query.start_date!)).toBeLessThanOrEqual(31 * DAY);
  });

  it('backfills 92 days in three 31-day chunks, one search range each, which the replica would refuse one day longer', async () => {
    const id = await activeConnection(0);
    const before = replica.calls.length;
    const started = await api<{ id: string; status: string; chunksTotal: number }>(`/v1/connections/${id}/backfill`, {
      method: 'POST',
      body: JSON.stringify({ from: isoDay(dayStart(92)), to: isoDay(dayStart(1)) }),
    });
    expect(started.status).toBe(202);
    // PayPal's callRange is its 31-day limit: a chunk is one range, asked for page by page.
    expect(started.body.chunksTotal).toBe(3);
    const done = await waitFor('the PayPal backfill to succeed', async () => {
      const { body } = await api<{ status: string; chunksDone: number; kpisWritten: number }>(`/v1/connections/${id}/backfills/${started.body.id}`);
      return body.status === 'succeeded' ? body : undefined;
    });
    expect(done).toMatchObject({ chunksDone: 3, kpisWritten: 92 });
    expect(Object.fromEntries((await revenue(id)).map((r) => [r.period_start, r.value]))[isoDay(dayStart(20))]).toBe(1500);

    const search = replica.calls.slice(before).filter((c) => c.path === '/v1/reporting/transactions');
    expect(search.every((c) => c.status === 200)).toBe(true);
    // Two chunks run at once, so their calls interleave: compare the ranges, not their order.
    expect([...new Set(search.map((c) => `${c.query.start_date} ${c.query.end_date}`))].sort()).toEqual([
      `${paypalIso(dayStart(92))} ${paypalIso(dayStart(61))}`,
      `${paypalIso(dayStart(61))} ${paypalIso(dayStart(30))}`,
      `${paypalIso(dayStart(30))} ${paypalIso(dayStart(0))}`,
    ]);
    for (const c of search) expect(Date.parse(c.query.end_date!) - Date.parse(c.query.start_date!)).toBeLessThanOrEqual(31 * DAY);

    // The limit is real: PayPal's documented refusal of a range over 31 days.
    const { access_token: token } = (await (
      await fetch(`${replica.url}/v1/oauth2/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const tooLong = new URLSearchParams({ start_date: paypalIso(dayStart(92)), end_date: paypalIso(dayStart(60)) });
    const refused = await fetch(`${replica.url}/v1/reporting/transactions?${tooLong.toString()}`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ name: 'INVALID_REQUEST', details: [{ field: 'end_date', issue: 'INVALID_PARAMETER_VALUE' }] });
  });

  it('counts only the configured currency', async () => {
    const id = await activeConnection(3, { currency: 'EUR' });
    const rows = await revenue(id);
    expect(rows.map((r) => [r.period_start, r.value, r.unit])).toEqual([
      [isoDay(dayStart(3)), 0, 'EUR'],
      [isoDay(dayStart(2)), 70, 'EUR'],
      [isoDay(dayStart(1)), 0, 'EUR'],
      [isoDay(dayStart(0)), 0, 'EUR'],
    ]);
  });

  it('fails onboarding on a wrong secret, saying where to get the right one', async () => {
    const id = await create({ credentials: { clientId: 'wrong-secret-app', clientSecret: 'not-the-secret', environment: 'sandbox' } });
    const failed = await waitForStatus(id, 'failed');
    expect(failed.onboarding.lastError).toMatchObject({
      code: 'auth_failed',
      message: expect.stringContaining('invalid_client'),
      hint: expect.stringMatching(/client ID and secret.*sandbox[\s\S]*PUT \/v1\/connections\/\{id\}\/credentials/),
    });
    expect(JSON.stringify(failed)).not.toContain('not-the-secret');
    expect(replica.tokenCalls().filter((c) => c.who === 'wrong-secret-app').map((c) => c.status)).toEqual([401]);
  });

  it('fails onboarding with a Transaction Search hint when the app lacks that permission (403)', async () => {
    const id = await create({ credentials: { clientId: 'no-search-app', clientSecret: 'no-search-secret', environment: 'sandbox' } });
    const failed = await waitForStatus(id, 'failed');
    expect(failed.onboarding.lastError).toMatchObject({ code: 'permission_denied', hint: expect.stringMatching(/Transaction Search is not enabled/) });
    expect(failed.onboarding.lastError?.hint).toContain('https://uri.paypal.com/services/reporting/search/read');
  });

  it('waits at least Retry-After on a 429, then succeeds', async () => {
    const id = await activeConnection(0);
    const before = replica.calls.length;
    replica.failNext(429, { retryAfterSeconds: 2 });
    await syncNow(id);
    const [latest] = await waitForRuns(id, 2);
    expect(latest).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [limited, next] = replica.reportingCalls().filter((c) => replica.calls.indexOf(c) >= before);
    expect(limited!.status).toBe(429);
    expect(next!.status).toBe(200);
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(2_000);
  });

  it('replaces an expired token once and succeeds', async () => {
    const id = await activeConnection(1);
    const tokensBefore = replica.tokenCalls().length;
    const before = replica.calls.length;
    replica.expireAccessTokens();
    await syncNow(id);
    const [latest] = await waitForRuns(id, 2);
    expect(latest).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(replica.tokenCalls().length).toBe(tokensBefore + 1);
    const after = replica.calls.slice(before);
    expect(after.map((c) => `${c.path === '/v1/oauth2/token' ? 'token' : 'search'} ${c.status}`)).toEqual(['search 401', 'token 200', 'search 200']);
    expect(after[0]!.who).not.toBe(after[2]!.who);
  });
});

/** How the provider writes an instant: whole seconds, Z. */
function paypalIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
