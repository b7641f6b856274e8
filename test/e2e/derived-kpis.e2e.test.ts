import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConnectionView } from '../../domain/connection.js';
import { defineProvider } from '../../providers/contract.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { startStripeReplica, type StripeReplica } from '../replicas/stripe-server.js';

/**
 * Derived KPIs through the public API: customer acquisition cost = Xero's marketing spend ÷
 * Stripe's new customers per month, recomputed when a sync or backfill of either connection writes
 * an input, with provenance; "needs Xero and Stripe" while an input is missing; stale once an
 * input is disconnected. Stripe is the real provider against its replica; Xero is not merged yet,
 * so a tiny provider declared here plays it: slug `xero`, the monthly raw metric
 * `xero.marketing_spend` written per calendar month, from a ledger the test edits.
 */
const key = 'derived-client-key-00000001';
const otherKey = 'derived-other-tenant-key-01';
const stripeKey = 'rk_live_51DerivedShopKey00001';

const DAY = 86_400;
const now = new Date();
/** First day of this UTC month, and of the one before (YYYY-MM-DD). */
const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
const lastMonthEnd = new Date(Date.parse(thisMonth) - DAY * 1000).toISOString().slice(0, 10);
const seconds = (day: string) => Date.parse(day) / 1000;
/** Whole days from the start of this month to today: a first sync with this history covers the month. */
const daysIntoMonth = Math.round((Date.parse(now.toISOString().slice(0, 10)) - Date.parse(thisMonth)) / (DAY * 1000));

/** The ledger the test Xero reads: marketing spend per month, in EUR. */
const ledger = new Map<string, number>();

const testXero = defineProvider({
  slug: 'xero',
  name: 'Xero',
  category: 'finance',
  description: 'Test stand-in for the Xero provider: monthly marketing spend.',
  authKind: 'api_key',
  configSchema: z.object({}),
  credentialsSchema: z.object({ apiKey: z.string().min(1).meta({ writeOnly: true }) }),
  endpoints: {},
  history: { since: '2010-01-01', source: 'test provider' },
  callRange: { maxDays: 31, source: 'test provider' },
  granularity: 'month',
  kpis: {},
  metrics: { 'xero.marketing_spend': { unit: 'currency', description: 'marketing accounts total per month' } },
  async testConnection() {},
  async fetchMetrics(_ctx, window) {
    // Every month the window touches, as a ledger reports it: the month's total.
    const months = new Set<string>();
    for (let t = Date.parse(window.from); t < Date.parse(window.to); t += DAY * 1000) months.add(`${new Date(t).toISOString().slice(0, 7)}-01`);
    return [...months].map((period) => ({ key: 'xero.marketing_spend' as const, period, value: ledger.get(period) ?? 0, unit: 'EUR' }));
  },
});

interface Derived {
  key: string;
  tenantId: string;
  period: string;
  granularity: string;
  value: number | null;
  unit: string | null;
  status: string;
  stale: boolean;
  needs: string;
  missingInputs: string[];
  message: string | null;
  inputs: { metric: string; integration: string; connectionId: string; value: number; unit: string; syncRunIds: string[] }[];
  computedAt: string | null;
}

describe('derived KPIs: customer acquisition cost from Xero and Stripe (real Temporal and Postgres)', () => {
  let replica: StripeReplica;
  let stack: TestStack;

  beforeAll(async () => {
    replica = await startStripeReplica();
    // Last month: 4 customers; this month: 2 (in its first minutes, so always before now).
    const customers = [
      seconds(lastMonth) + 2 * DAY,
      seconds(lastMonth) + 10 * DAY,
      seconds(lastMonth) + 10 * DAY + 60,
      seconds(lastMonth) + 20 * DAY,
      seconds(thisMonth) + 30,
      seconds(thisMonth) + 90,
    ].map((created, i) => ({ id: `cus_${String(i).padStart(14, '0')}`, created }));
    replica.accounts.set('acct_shop', { id: 'acct_shop', livemode: true, currencies: ['eur'], transactions: [], customers });
    replica.keys.set(stripeKey, { key: stripeKey, account: 'acct_shop' });
    ledger.set(lastMonth, 1200);
    ledger.set(thisMonth, 300);
    const providers = createProviderRegistry([...builtInProviders.filter((p) => p.slug !== 'xero'), testXero], {
      endpointOverrides: { ONRAMP_ENDPOINT_STRIPE_API: replica.url },
    });
    stack = await startTestStack({
      providers,
      config: () => ({
        apiKeys: [
          { key, tenant: 'shop', role: 'client' },
          { key: otherKey, tenant: 'someone-else', role: 'client' },
        ],
      }),
    });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { runs, waitForRuns, syncNow } = syncHelpers(() => stack, key);
  const cac = async () => {
    const { status, body } = await api<{ items: Derived[] }>('/v1/derived-kpis?key=customer_acquisition_cost');
    expect(status).toBe(200);
    return Object.fromEntries(body.items.map((d) => [d.period, d]));
  };
  const connect = async (integration: string, credentials: Record<string, string>, initialHistoryDays: number) => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration, credentials, initialHistoryDays }) });
    expect(created.status).toBe(201);
    await waitForRuns(created.body.id, 1);
    return created.body.id;
  };
  const backfill = async (id: string, from: string, to: string) => {
    const started = await api<{ id: string }>(`/v1/connections/${id}/backfill`, { method: 'POST', body: JSON.stringify({ from, to }) });
    expect(started.status).toBe(202);
    await waitFor(`backfill ${started.body.id} to succeed`, async () => {
      const { body } = await api<{ status: string }>(`/v1/connections/${id}/backfills/${started.body.id}`);
      expect(body.status).not.toBe('failed');
      return body.status === 'succeeded' ? body : undefined;
    });
  };

  let xeroId = '';
  let stripeId = '';

  it('says what it needs before anything is connected, and the catalog says which integrations complete it', async () => {
    const latest = await api<{ items: Derived[] }>('/v1/derived-kpis/latest');
    expect(latest.status).toBe(200);
    expect(latest.body.items).toEqual([
      expect.objectContaining({
        key: 'customer_acquisition_cost',
        value: null,
        status: 'needs_inputs',
        needs: 'needs Xero and Stripe',
        missingInputs: ['xero', 'stripe'],
        message: 'This needs Xero and Stripe: connect Xero and Stripe to see it.',
        computedAt: null,
      }),
    ]);
    const stripe = await api<{ completes: unknown[]; feedsSummary: string }>('/v1/integrations/stripe');
    expect(stripe.body.completes).toEqual([{ key: 'customer_acquisition_cost', needs: 'needs Xero and Stripe', with: ['xero'] }]);
    expect(stripe.body.feedsSummary).toBe('Feeds revenue and new customers. With Xero it also gives customer acquisition cost.');
    const ninja = await api<{ completes: unknown[]; feedsSummary: string }>('/v1/integrations/ninjaone');
    expect(ninja.body.completes).toEqual([]);
  });

  it('has no value, not 0, while Stripe is missing; then CAC for the month once both wrote it, with provenance', async () => {
    // Xero's first sync writes last month and this month.
    xeroId = await connect('xero', { apiKey: 'xero-test-key' }, daysIntoMonth + 20);
    let values = await cac();
    expect(values[thisMonth]).toMatchObject({ value: null, unit: null, status: 'needs_inputs', missingInputs: ['stripe'], message: 'This needs Xero and Stripe: connect Stripe to see it.' });
    expect(values[lastMonth]).toMatchObject({ value: null, status: 'needs_inputs', missingInputs: ['stripe'] });

    // Stripe's first sync covers this month only: this month is recomputed, last month still needs Stripe.
    stripeId = await connect('stripe', { apiKey: stripeKey }, daysIntoMonth);
    values = await cac();
    const [stripeRun] = await waitForRuns(stripeId, 1);
    const [xeroRun] = await waitForRuns(xeroId, 1);
    expect(values[thisMonth]).toMatchObject({ granularity: 'month', value: 150, unit: 'EUR', status: 'current', stale: false, missingInputs: [], message: null });
    expect(values[thisMonth]!.inputs).toEqual(
      expect.arrayContaining([
        { metric: 'xero.marketing_spend', integration: 'xero', connectionId: xeroId, value: 300, unit: 'EUR', syncRunIds: [xeroRun!.id] },
        { metric: 'stripe.new_customers', integration: 'stripe', connectionId: stripeId, value: 2, unit: 'count', syncRunIds: [stripeRun!.id] },
      ]),
    );
    expect(values[lastMonth]).toMatchObject({ value: null, status: 'needs_inputs', missingInputs: ['stripe'] });

    // Another tenant sees none of it.
    const other = await stack.api<{ items: Derived[] }>(otherKey, '/v1/derived-kpis');
    expect(other.body.items).toEqual([]);
  });

  it('recomputes a month after a backfill of either input', async () => {
    // Stripe's backfill of last month brings its 4 customers: 1,200 EUR ÷ 4.
    await backfill(stripeId, lastMonth, lastMonthEnd);
    let values = await cac();
    expect(values[lastMonth]).toMatchObject({ value: 300, unit: 'EUR', status: 'current' });
    const customersInput = values[lastMonth]!.inputs.find((i) => i.integration === 'stripe')!;
    expect(customersInput.value).toBe(4);
    // The days came from the backfill's chunk runs (none from the first sync, which began this month).
    const backfillRuns = (await api<{ items: { id: string; kind: string }[] }>(`/v1/connections/${stripeId}/syncs?limit=100`)).body.items
      .filter((r) => r.kind === 'backfill')
      .map((r) => r.id);
    expect(customersInput.syncRunIds.length).toBeGreaterThan(0);
    expect(customersInput.syncRunIds.every((id) => backfillRuns.includes(id))).toBe(true);

    // The ledger is corrected; Xero's backfill of last month rewrites its spend: 1,500 EUR ÷ 4.
    ledger.set(lastMonth, 1500);
    await backfill(xeroId, lastMonth, lastMonthEnd);
    values = await cac();
    expect(values[lastMonth]).toMatchObject({ value: 375, unit: 'EUR', status: 'current' });
    expect(values[thisMonth]).toMatchObject({ value: 150 });

    // Computing again from the same inputs leaves one row per month, with the same value.
    const rows = await stack.db.selectFrom('derived_kpi_values').select(['period_start', 'value']).where('tenant_id', '=', 'shop').orderBy('period_start').execute();
    expect(rows.map((r) => [String(r.period_start).slice(0, 10), r.value])).toEqual([
      [lastMonth, 375],
      [thisMonth, 150],
    ]);
  });

  it('marks values stale when an input is disconnected, and a later computation needs Stripe again', async () => {
    expect((await api(`/v1/connections/${stripeId}`, { method: 'DELETE' })).status).toBe(200);
    let values = await cac();
    for (const month of [lastMonth, thisMonth]) {
      expect(values[month]).toMatchObject({ status: 'current', stale: true, message: expect.stringContaining('has been disconnected') });
    }
    expect(values[lastMonth]!.value).toBe(375);

    // Xero syncs again: this month is recomputed without the disconnected Stripe.
    const before = (await runs(xeroId)).length; // its first sync and its backfill's chunk
    await syncNow(xeroId);
    await waitForRuns(xeroId, before + 1);
    values = await cac();
    expect(values[thisMonth]).toMatchObject({ value: null, status: 'needs_inputs', stale: false, missingInputs: ['stripe'], message: 'This needs Xero and Stripe: connect Stripe to see it.' });
    const latest = await api<{ items: Derived[] }>('/v1/derived-kpis/latest');
    expect(latest.body.items).toEqual([expect.objectContaining({ period: thisMonth, status: 'needs_inputs', missingInputs: ['stripe'] })]);
  });
});
