import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { accessibilityProblems } from '../helpers/browser.js';
import { startConsoleTest, type ConsoleTest } from '../helpers/console.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startStripeReplica, type StripeReplica } from '../replicas/stripe-server.js';

const stripeKey = 'rk_live_51ConsoleDerivedKey0001';

/**
 * Issue 26 in the pages: the Connect page's card says what an integration feeds and which derived
 * KPI it completes with which other integration; the console shows, on a connection feeding a
 * derived KPI, its value or what it still needs ("This needs Xero and Stripe: connect Xero…"), not 0.
 */
describe('derived KPIs in the pages (Stripe replica, real Chromium, API, worker, Temporal, Postgres)', () => {
  let replica: StripeReplica;
  let test: ConsoleTest;
  let id = '';

  beforeAll(async () => {
    replica = await startStripeReplica();
    replica.accounts.set('acct_console', { id: 'acct_console', livemode: true, currencies: ['eur'], transactions: [], customers: [] });
    replica.keys.set(stripeKey, { key: stripeKey, account: 'acct_console' });
    const providers = createProviderRegistry(builtInProviders, { endpointOverrides: { ONRAMP_ENDPOINT_STRIPE_API: replica.url } });
    test = await startConsoleTest('derived', { providers });
    const created = await test.stack.api<ConnectionView>(test.keys.acme, '/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'stripe', name: 'Acme Stripe', credentials: { apiKey: stripeKey }, initialHistoryDays: 1 }),
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    await syncHelpers(() => test.stack, test.keys.acme).waitForRuns(id, 1);
  });
  afterAll(async () => {
    await test?.close();
    await replica?.close();
  });

  it('the console shows what customer acquisition cost still needs on the Stripe connection; the Connect card says what Stripe feeds', async () => {
    const { context, page, seen } = await test.signedIn(`#/connections/${id}`);
    const derived = page.getByTestId('derived-kpis');
    await derived.waitFor();
    expect(await derived.textContent()).toBe('customer acquisition cost: This needs Xero and Stripe: connect Xero to see it.');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(seen.errors).toEqual([]);

    const session = await test.stack.api<{ url: string }>(test.keys.acme, '/v1/connect/sessions', { method: 'POST', body: JSON.stringify({ allowedIntegrations: ['stripe', 'ninjaone'] }) });
    expect(session.status).toBe(201);
    const connect = await context.newPage();
    await connect.goto(session.body.url);
    const card = connect.locator('li.card').filter({ hasText: 'Stripe' });
    await card.waitFor();
    expect(await card.locator('p.feeds').textContent()).toBe('Feeds revenue and new customers. With Xero it also gives customer acquisition cost.');
    expect(await connect.locator('li.card').filter({ hasText: 'NinjaOne' }).locator('p.feeds').textContent()).toBe(
      'Feeds service uptime, vulnerability count, security score, asset utilization and automation coverage.',
    );
    expect(await accessibilityProblems(connect)).toEqual([]);
    await context.close();
  });
});
