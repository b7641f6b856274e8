import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { accessibilityProblems, screenshot } from '../helpers/browser.js';
import { startConsoleTest, type ConsoleTest } from '../helpers/console.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import type { TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { startPayPalReplica, type PayPalReplica } from '../replicas/paypal-server.js';

const app = { clientId: 'calls-app', clientSecret: 'EJ-calls-secret-Zy98_xw76' };

interface Call {
  method: string;
  host: string;
  path: string;
  queryKeys: string[];
  status: number | null;
  attempt: number;
  errorCode: string | null;
  errorMessage: string | null;
  requestIds: Record<string, string>;
}

/**
 * The vendor call log (issue 24): what Onramp asked PayPal and what PayPal answered, per run and
 * per onboarding test, in the API and the console: the 403 of a REST app without Transaction
 * Search, with the Paypal-Debug-Id support quotes to PayPal, and nothing secret.
 */
describe('support console: the vendor calls of a run (PayPal replica, real Chromium, API, worker, Temporal, Postgres)', () => {
  let replica: PayPalReplica;
  let test: ConsoleTest;
  let stack: TestStack;
  let id = '';

  beforeAll(async () => {
    replica = await startPayPalReplica({ clients: [app] });
    const providers = createProviderRegistry(builtInProviders, { endpointOverrides: { ONRAMP_ENDPOINT_PAYPAL_SANDBOX: replica.url } });
    test = await startConsoleTest('calls', { providers });
    stack = test.stack;
    const created = await stack.api<ConnectionView>(test.keys.acme, '/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'paypal', name: 'Acme PayPal', credentials: { ...app, environment: 'sandbox' }, initialHistoryDays: 3 }),
    });
    expect(created.status).toBe(201);
    id = created.body.id;
    await syncHelpers(() => stack, test.keys.acme).waitForRuns(id, 1);
  });
  afterAll(async () => {
    await test?.close();
    await replica?.close();
  });

  const callsOf = async (path: string) => {
    const answer = await stack.api<{ items: Call[] }>(test.keys.support, path);
    expect(answer.status).toBe(200);
    return answer.body.items;
  };

  it('lists the vendor\'s 403 of a run with its debug id and error, and no secret, in the API and the console', async () => {
    const { runs, waitForRuns, syncNow } = syncHelpers(() => stack, test.keys.acme);
    // The first run: a token, then the search; the query's names kept, never its values.
    const [first] = await runs(id);
    const good = await callsOf(`/v1/connections/${id}/runs/${first!.id}/calls`);
    const search = good.find((c) => c.path === '/v1/reporting/transactions')!;
    expect(search).toMatchObject({ method: 'GET', host: new URL(replica.url).host, status: 200, attempt: 1, errorCode: null });
    expect(search.queryKeys).toEqual(expect.arrayContaining(['start_date', 'end_date', 'fields', 'page_size', 'page']));
    // The onboarding's connection test made its own calls, a token among them.
    const tests = await callsOf(`/v1/connections/${id}/onboarding/calls`);
    expect(tests.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual(expect.arrayContaining(['POST /v1/oauth2/token 200']));

    // The REST app loses Transaction Search: the next run meets PayPal's 403.
    replica.addClient({ ...app, transactionSearch: false });
    const before = replica.reportingCalls().length;
    await syncNow(id);
    const failed = await waitFor('the failed run', async () => (await waitForRuns(id, 2)).find((r) => r.status === 'failed'));
    expect(failed.error?.code).toBe('permission_denied');
    const refused = replica.reportingCalls().slice(before).find((c) => c.status === 403)!;
    expect(refused.debugId).toMatch(/^[0-9a-f]{13}$/);

    const calls = await callsOf(`/v1/connections/${id}/runs/${failed.id}/calls`);
    const denied = calls.find((c) => c.status === 403)!;
    expect(denied).toMatchObject({
      method: 'GET',
      path: '/v1/reporting/transactions',
      errorCode: 'NOT_AUTHORIZED/PERMISSION_DENIED',
      errorMessage: 'Authorization failed due to insufficient permissions.',
      requestIds: { 'paypal-debug-id': refused.debugId },
    });
    // Neither the secret, nor a token PayPal issued, nor the query's values are kept anywhere in the log.
    const stored = JSON.stringify(await stack.db.selectFrom('provider_calls').selectAll().where('connection_id', '=', id).execute());
    for (const secret of [app.clientSecret, Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64'), ...replica.reportingCalls().map((c) => c.who!), refused.query.start_date!]) {
      expect(stored).not.toContain(secret);
    }

    const { context, page, seen } = await test.signedIn(`#/connections/${id}`);
    const runsTable = page.getByRole('table', { name: 'Sync runs' });
    await runsTable.waitFor();
    await runsTable.getByRole('row').filter({ hasText: 'permission_denied' }).getByRole('button', { name: /^Show the vendor calls/ }).click();
    const log = page.getByRole('table', { name: /^Vendor calls of the run/ });
    await log.waitFor();
    const row = await log.getByRole('row').filter({ hasText: '403' }).textContent();
    expect(row).toContain('GET');
    expect(row).toContain('/v1/reporting/transactions?');
    expect(row).toContain('NOT_AUTHORIZED/PERMISSION_DENIED');
    expect(row).toContain(`paypal-debug-id: ${refused.debugId}`);
    expect(await page.content()).not.toContain(app.clientSecret);
    await screenshot(page, 'console-vendor-calls');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(seen.errors).toEqual([]);
    await context.close();
  });
});
