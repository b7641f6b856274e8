import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_VERSION, stripeProvider } from '../../providers/stripe.js';
import { fetchedMetrics, type ProviderCallContext } from '../../providers/contract.js';
import { serveOnLoopback } from '../replicas/loopback.js';
import { installStripeMock, startStripeMock, type StripeMock } from '../helpers/stripe-mock.js';

/**
 * A second, vendor-made check of the Stripe adapter: every request it sends (connection test,
 * discovery, a sync's fetch, with a restricted and a secret key, on a connected account, and a
 * second page) goes to Stripe's own stripe-mock v0.203.0, which validates each request against
 * Stripe's OpenAPI description (known parameters only, each of its type; it does not check
 * ranges such as `limit` ≤ 100, which our replica does) and, with
 * `-strict-version-check`, the pinned `Stripe-Version`. Our replica (test/replicas/stripe-server.ts)
 * stays the check of values; this one checks shapes against Stripe's own code.
 *
 * stripe-mock answers lists from fixtures with `has_more: false`, so a small pass-through in front
 * of it turns the first page of each list into `has_more: true`: the adapter then asks for the next
 * page with `starting_after`, and that request is validated by stripe-mock too.
 */
interface Seen {
  method: string;
  path: string;
  query: string;
  stripeAccount: string | undefined;
  status: number;
  body: string;
}

describe('the Stripe adapter against stripe-mock (Stripe\'s own request validation)', () => {
  let mock: StripeMock;
  let front: { url: string; close(): Promise<void> };
  const seen: Seen[] = [];

  beforeAll(async () => {
    // Built once into .tools/ (go install), then reused; fails naming what to install without Go.
    mock = await startStripeMock(await installStripeMock());
    const server = createServer((req, res) => {
      void (async () => {
        const upstream = await fetch(`${mock.url}${req.url}`, { method: req.method, headers: req.headers as Record<string, string> });
        let body = await upstream.text();
        const url = new URL(req.url ?? '/', 'http://front');
        seen.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search, stripeAccount: req.headers['stripe-account'] as string | undefined, status: upstream.status, body });
        if (upstream.ok && !url.searchParams.has('starting_after') && url.searchParams.has('created[gte]')) {
          const list = JSON.parse(body) as { has_more: boolean };
          body = JSON.stringify({ ...list, has_more: true });
        }
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
      })().catch((error: unknown) => res.writeHead(502).end(String(error)));
    });
    front = await serveOnLoopback(server);
  }, 600_000);
  afterAll(async () => {
    await front?.close();
    await mock?.close();
  });

  const ctx = (apiKey: string, config: { mode: 'live' | 'test'; currency?: string; account?: string }): ProviderCallContext<never, never> =>
    ({ config, credentials: { apiKey }, endpoints: { api: front.url }, attempt: 1, signal: undefined }) as unknown as ProviderCallContext<never, never>;

  it('sends only requests stripe-mock accepts: test, discovery and a two-page fetch, with either key kind and a connected account', async () => {
    const window = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-03T00:00:00.000Z' };
    for (const [apiKey, config] of [
      ['rk_test_51RestrictedKeyForMock01', { mode: 'test' as const }],
      ['sk_test_51SecretKeyForMock000002', { mode: 'test' as const, currency: 'USD' }],
      ['sk_test_51PlatformKeyForMock0003', { mode: 'test' as const, account: 'acct_1ConnectedForMock' }],
    ] as const) {
      await stripeProvider.testConnection(ctx(apiKey, config));
      expect(await stripeProvider.discover!(ctx(apiKey, config))).toEqual({ currency: [{ value: 'USD', label: 'USD' }] });
      const { points } = fetchedMetrics(await stripeProvider.fetchMetrics(ctx(apiKey, config), window));
      expect(points.map((p) => `${p.period} ${p.key}`)).toEqual([
        '2026-11-01 revenue',
        '2026-11-01 stripe.new_customers',
        '2026-11-02 revenue',
        '2026-11-02 stripe.new_customers',
      ]);
    }
    const refused = seen.filter((s) => s.status !== 200);
    expect(refused.map((s) => `${s.status} ${s.path}${s.query}: ${s.body.slice(0, 300)}`)).toEqual([]);
    // Every kind of request was among them: each list's second page too, and the connected account's.
    const shapes = new Set(seen.map((s) => `${s.path}${s.query.includes('starting_after') ? ' starting_after' : ''}`));
    expect([...shapes].sort()).toEqual([
      '/v1/balance',
      '/v1/balance_transactions',
      '/v1/balance_transactions starting_after',
      '/v1/customers',
      '/v1/customers starting_after',
    ]);
    expect(seen.some((s) => s.stripeAccount === 'acct_1ConnectedForMock')).toBe(true);
  });

  it('refuses what Stripe would refuse, so the check above can fail', async () => {
    const get = (path: string, version = STRIPE_VERSION) =>
      fetch(`${mock.url}${path}`, { headers: { authorization: 'Bearer sk_test_51SecretKeyForMock000002', 'stripe-version': version } });
    const unknownParameter = await get('/v1/balance_transactions?starting_at=txn_1');
    expect(unknownParameter.status).toBe(400);
    expect(await unknownParameter.text()).toMatch(/Request validation error/);
    const badType = await get('/v1/customers?created%5Bgte%5D=yesterday');
    expect(badType.status).toBe(400);
    const otherVersion = await get('/v1/balance', '2024-06-20');
    expect(otherVersion.status).toBe(400);
    expect(await otherVersion.text()).toMatch(/doesn't match version in OpenAPI specification '2026-08-26.dahlia'/);
  });
});
