import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { STRIPE_VERSION } from '../../providers/stripe.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { startStripeReplica, type StripeReplica } from '../replicas/stripe-server.js';

const key = 'stripe-client-key-0000000001';
const DAY = 86_400;
const keys = {
  live: 'rk_live_51UsdShopRestrictedKey0001',
  yen: 'rk_live_51YenShopRestrictedKey0002',
  multi: 'rk_live_51MultiCurrencyKey00003',
  test: 'rk_test_51UsdShopTestModeKey0004',
  noBalance: 'rk_live_51NoBalancePermission5',
  noCustomers: 'rk_live_51NoCustomersPermission8',
  platform: 'sk_live_51PlatformSecretKey00006',
};

/** Midnight UTC `offset` days before today, in Unix seconds. */
const dayStart = (offset: number) => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) / 1000 - offset * DAY;
};
const isoDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

describe('Stripe provider end to end (balance transactions replica, real Temporal and Postgres)', () => {
  let replica: StripeReplica;
  let stack: TestStack;

  beforeAll(async () => {
    replica = await startStripeReplica();
    let n = 0;
    const tx = (account: string, created: number, type: string, amount: number, currency: string) =>
      replica.accounts.get(account)!.transactions.push({ id: `txn_${String(++n).padStart(20, '0')}`, created, type, amount, currency });
    for (const [id, currencies, livemode] of [
      ['acct_usd', ['usd'], true],
      ['acct_yen', ['jpy'], true],
      ['acct_multi', ['eur', 'usd'], true],
      ['acct_usd_test', ['usd'], false],
      ['acct_platform', ['usd'], true],
      ['acct_connected', ['gbp'], true],
    ] as const) {
      replica.accounts.set(id, { id, currencies: [...currencies], livemode, transactions: [], customers: [], connected: id === 'acct_platform' ? ['acct_connected'] : [] });
    }
    // Five days ago: 250 charges of $1.00, three pages of 100.
    for (let i = 0; i < 250; i++) tx('acct_usd', dayStart(5) + i * 60, 'charge', 100, 'usd');
    // Two days ago: money taken, refunds and a failed refund count; fees and payouts do not.
    tx('acct_usd', dayStart(2) + 3600, 'charge', 1999, 'usd');
    tx('acct_usd', dayStart(2) + 7200, 'payment', 500, 'usd');
    tx('acct_usd', dayStart(2) + 9000, 'refund', -1000, 'usd');
    tx('acct_usd', dayStart(2) + 9100, 'payment_refund', -99, 'usd');
    tx('acct_usd', dayStart(2) + 9200, 'refund_failure', 1000, 'usd');
    tx('acct_usd', dayStart(2) + 9300, 'stripe_fee', -25, 'usd');
    tx('acct_usd', dayStart(2) + 9400, 'payout', -50_000, 'usd');
    // Yesterday's last second, and today's first.
    tx('acct_usd', dayStart(0) - 1, 'charge', 1, 'usd');
    tx('acct_usd', dayStart(0), 'charge', 700, 'usd');
    // New customers: 120 five days ago (two pages), 3 two days ago, one in the last second of yesterday.
    const customers = replica.accounts.get('acct_usd')!.customers!;
    for (let i = 0; i < 120; i++) customers.push({ id: `cus_${String(i).padStart(14, '0')}`, created: dayStart(5) + i * 30 });
    for (let i = 0; i < 3; i++) customers.push({ id: `cus_two_days_${i}`, created: dayStart(2) + i * 3600 });
    customers.push({ id: 'cus_last_second', created: dayStart(0) - 1 });
    // Zero-decimal yen: 1,500 is ¥1,500.
    tx('acct_yen', dayStart(1) + 60, 'charge', 1500, 'jpy');
    // Two currencies in one account.
    tx('acct_multi', dayStart(1) + 60, 'charge', 4200, 'eur');
    tx('acct_multi', dayStart(1) + 120, 'charge', 999, 'usd');
    // A connected account read by its platform.
    tx('acct_connected', dayStart(1) + 60, 'charge', 1234, 'gbp');

    replica.keys.set(keys.live, { key: keys.live, account: 'acct_usd' });
    replica.keys.set(keys.yen, { key: keys.yen, account: 'acct_yen' });
    replica.keys.set(keys.multi, { key: keys.multi, account: 'acct_multi' });
    replica.keys.set(keys.test, { key: keys.test, account: 'acct_usd_test' });
    replica.keys.set(keys.noBalance, { key: keys.noBalance, account: 'acct_usd', balanceRead: false });
    replica.keys.set(keys.noCustomers, { key: keys.noCustomers, account: 'acct_usd', customersRead: false });
    replica.keys.set(keys.platform, { key: keys.platform, account: 'acct_platform' });

    const providers = createProviderRegistry(builtInProviders, { endpointOverrides: { ONRAMP_ENDPOINT_STRIPE_API: replica.url } });
    stack = await startTestStack({ providers, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, syncNow, kpiRows } = syncHelpers(() => stack, key);
  const waitForStatus = (id: string, status: string) =>
    waitFor(`connection ${id} to be ${status}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      return body.status === status ? body : undefined;
    });
  const create = async (body: Record<string, unknown>) => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'stripe', ...body }) });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const byDay = async (id: string, key: string) =>
    Object.fromEntries((await kpiRows(id)).filter((r) => r.kpi_key === key).map((r) => [r.period_start, [r.value, r.unit]]));
  const revenueByDay = (id: string) => byDay(id, 'revenue');

  it('publishes its schemas (the key write-only, live mode by default) and its raw metric', async () => {
    const { body } = await api<{
      authKind: string;
      configSchema: { properties: Record<string, { default?: string }> };
      credentialsSchema: { properties: Record<string, { writeOnly?: boolean }> };
      metrics: { key: string; unit: string }[];
      granularity: string;
    }>('/v1/integrations/stripe');
    expect(body.authKind).toBe('api_key');
    expect(body.metrics).toEqual([expect.objectContaining({ key: 'stripe.new_customers', unit: 'count' })]);
    expect(body.granularity).toBe('day');
    expect(body.configSchema.properties.mode?.default).toBe('live');
    expect(body.credentialsSchema.properties.apiKey?.writeOnly).toBe(true);
  });

  it('onboards a restricted key and writes exact daily revenue: three pages, refunds netted, fees and payouts left out', async () => {
    const before = replica.calls.length;
    const id = await create({ credentials: { apiKey: keys.live }, initialHistoryDays: 6 });
    const [run] = await waitForRuns(id, 1);
    expect(run).toMatchObject({ status: 'succeeded', kpisWritten: 14 });
    expect(await revenueByDay(id)).toEqual({
      [isoDay(dayStart(6))]: [0, 'USD'],
      [isoDay(dayStart(5))]: [250, 'USD'],
      [isoDay(dayStart(4))]: [0, 'USD'],
      [isoDay(dayStart(3))]: [0, 'USD'],
      [isoDay(dayStart(2))]: [24, 'USD'], // 19.99 + 5.00 - 10.00 - 0.99 + 10.00
      [isoDay(dayStart(1))]: [0.01, 'USD'],
      [isoDay(dayStart(0))]: [7, 'USD'],
    });
    expect(await byDay(id, 'stripe.new_customers')).toEqual({
      [isoDay(dayStart(6))]: [0, 'count'],
      [isoDay(dayStart(5))]: [120, 'count'],
      [isoDay(dayStart(4))]: [0, 'count'],
      [isoDay(dayStart(3))]: [0, 'count'],
      [isoDay(dayStart(2))]: [3, 'count'],
      [isoDay(dayStart(1))]: [1, 'count'],
      [isoDay(dayStart(0))]: [0, 'count'],
    });
    // Read like KPIs, each with its period's length.
    const metric = await api<{ items: { key: string; period: string; granularity: string; value: number }[] }>(
      `/v1/kpis?connectionId=${id}&key=stripe.new_customers&from=${isoDay(dayStart(5))}&to=${isoDay(dayStart(5))}`,
    );
    expect(metric.body.items).toEqual([expect.objectContaining({ key: 'stripe.new_customers', period: isoDay(dayStart(5)), granularity: 'day', value: 120 })]);
    expect(replica.calls.slice(before).filter((c) => c.path === '/v1/customers' && c.query.includes('created')).length).toBe(2);
    const listed = replica.calls.slice(before).filter((c) => c.path === '/v1/balance_transactions' && c.query.includes('created'));
    expect(listed.length).toBe(3);
    expect(listed.every((c) => c.status === 200 && c.version === STRIPE_VERSION && c.query.includes('limit=100'))).toBe(true);
    expect(listed[1]!.query).toContain('starting_after=txn_');
  });

  it('reads zero-decimal currencies as whole units (¥1,500 is 1500, not 15)', async () => {
    const id = await create({ credentials: { apiKey: keys.yen }, initialHistoryDays: 1 });
    await waitForRuns(id, 1);
    expect((await revenueByDay(id))[isoDay(dayStart(1))]).toEqual([1500, 'JPY']);
  });

  it('asks which currency when the account holds several, offers them, and reports the one chosen', async () => {
    const id = await create({ credentials: { apiKey: keys.multi }, initialHistoryDays: 1 });
    const failed = await waitForStatus(id, 'failed');
    expect(failed.onboarding.lastError).toMatchObject({ code: 'invalid_config', hint: expect.stringContaining('EUR, USD') });
    const options = await api<{ options: Record<string, { value: string }[]> }>(`/v1/connections/${id}/options`);
    expect(options.body.options.currency?.map((o) => o.value)).toEqual(['EUR', 'USD']);
    expect((await api(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { currency: 'EUR' } }) })).status).toBe(200);
    await waitForRuns(id, 1);
    expect((await revenueByDay(id))[isoDay(dayStart(1))]).toEqual([42, 'EUR']);
  });

  it('refuses a test-mode key on a live connection before reading anything, saying what to do', async () => {
    const before = replica.calls.length;
    const id = await create({ credentials: { apiKey: keys.test } });
    const failed = await waitForStatus(id, 'failed');
    expect(failed.onboarding.lastError).toMatchObject({ code: 'auth_failed', hint: expect.stringMatching(/test-mode key.*live key \(rk_live_…\)/) });
    expect(replica.calls.slice(before)).toEqual([]);
    expect(JSON.stringify(failed)).not.toContain(keys.test);
  });

  it('reads test data with a test key when the connection is in test mode', async () => {
    const id = await create({ config: { mode: 'test' }, credentials: { apiKey: keys.test }, initialHistoryDays: 0 });
    await waitForStatus(id, 'active');
  });

  it('names the permissions to grant when the restricted key may not read the balance or the customers (403)', async () => {
    const id = await create({ credentials: { apiKey: keys.noBalance } });
    const failed = await waitForStatus(id, 'failed');
    expect(failed.onboarding.lastError).toMatchObject({ code: 'permission_denied', hint: expect.stringContaining('set Balance and Customers to Read') });
    const noCustomers = await create({ credentials: { apiKey: keys.noCustomers } });
    expect((await waitForStatus(noCustomers, 'failed')).onboarding.lastError?.code).toBe('permission_denied');
  });

  it('says the key was refused (401) without echoing it', async () => {
    const id = await create({ credentials: { apiKey: 'rk_live_51RevokedOrMistyped0007' } });
    const failed = await waitForStatus(id, 'failed');
    expect(failed.onboarding.lastError).toMatchObject({ code: 'auth_failed', hint: expect.stringContaining('Create a restricted key') });
    expect(JSON.stringify(failed)).not.toContain('RevokedOrMistyped');
  });

  it('reads a connected account through its platform (Stripe-Account), and refuses one it may not read', async () => {
    const id = await create({ config: { account: 'acct_connected' }, credentials: { apiKey: keys.platform }, initialHistoryDays: 1 });
    await waitForRuns(id, 1);
    expect((await revenueByDay(id))[isoDay(dayStart(1))]).toEqual([12.34, 'GBP']);
    expect(replica.calls.filter((c) => c.stripeAccount === 'acct_connected').every((c) => c.status === 200)).toBe(true);

    const other = await create({ config: { account: 'acct_yen' }, credentials: { apiKey: keys.platform } });
    expect((await waitForStatus(other, 'failed')).onboarding.lastError?.code).toBe('permission_denied');
  });

  it('retries a 429 and a 500, then writes the day', async () => {
    const id = await create({ credentials: { apiKey: keys.live }, initialHistoryDays: 0 });
    await waitForRuns(id, 1);
    const before = replica.calls.length;
    replica.failNext(429);
    await syncNow(id);
    const [latest] = await waitForRuns(id, 2);
    expect(latest).toMatchObject({ status: 'succeeded' });
    expect(latest!.attempts).toBeGreaterThanOrEqual(2);
    expect(replica.calls.slice(before).map((c) => c.status)).toContain(429);

    replica.failNext(500);
    await syncNow(id);
    const [third] = await waitForRuns(id, 3);
    expect(third).toMatchObject({ status: 'succeeded' });
    expect((await revenueByDay(id))[isoDay(dayStart(0))]).toEqual([7, 'USD']);
  });

  it('honours Stripe-Should-Retry both ways: a 409 marked true is retried, a 500 marked false is not', async () => {
    const id = await create({ credentials: { apiKey: keys.live }, initialHistoryDays: 0 });
    await waitForRuns(id, 1);
    let before = replica.calls.length;
    replica.failNext(409, 1, { shouldRetry: true });
    await syncNow(id);
    const [second] = await waitForRuns(id, 2);
    expect(second).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(replica.calls.slice(before).map((c) => c.status)[0]).toBe(409);

    before = replica.calls.length;
    replica.failNext(500, 1, { shouldRetry: false });
    await syncNow(id);
    const [third] = await waitForRuns(id, 3);
    // One try only: Temporal was told not to retry (the workflow's report then says what it says for any spent retry budget).
    expect(third).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'provider_unavailable', message: expect.stringContaining('Stripe answered 500') } });
    expect(replica.calls.slice(before).map((c) => c.status)).toEqual([500]);
  });
});
