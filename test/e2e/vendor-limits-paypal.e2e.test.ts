/**
 * Issue 27, items 1 and 2: PayPal's result-set limit (400 RESULTSET_TOO_LARGE, no page at all
 * when a search matches more than its maximum) against the replica that enforces it, through
 * the real API, worker, Temporal and Postgres.
 * - a day far over the limit is read in shorter ranges and written exactly;
 * - a day no split gets under (more than the maximum within one second) is missing while every
 *   other day lands; the run is `partial`, the connection says how many days are missing since
 *   when, `sync.partial` carries them, and the next run asks for them first and repairs them.
 * The replica's maximum is lowered from PayPal's 10,000 to 1,000 so the seed stays small; the
 * rule (counted on the whole range, whatever the page size) is PayPal's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { paypalStamp, startPayPalReplica, type PayPalReplica } from '../replicas/paypal-server.js';

const key = 'paypal-limits-key-0000000001';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const app = { clientId: 'limits-app', clientSecret: 'EJ-limits-secret-99' };
const MAX = 1_000;

const dayStart = (offset: number) => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - offset * DAY;
};
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Run = {
  status: string;
  kpisWritten: number;
  error: unknown;
  missingPeriods: { from: string; to: string; error: { code: string; message: string; hint: string; userMessage?: string } }[];
  repairedPeriods: { from: string; to: string }[];
};

describe('vendor limits: PayPal result-set limit (replica enforcing RESULTSET_TOO_LARGE)', () => {
  let replica: PayPalReplica;
  let stack: TestStack;

  beforeAll(async () => {
    replica = await startPayPalReplica({ clients: [app], maxResultItems: MAX });
    let n = 0;
    const tx = (at: number, value: string, status: 'S' | 'P' = 'S', currency = 'USD') =>
      replica.transactions.push({ id: `9LM${String(++n).padStart(14, '0')}`, initiation: paypalStamp(at), status, currency, value });
    // Two days ago: 3,600 completed sales of 1.23, one every 24 s (three times the limit in one
    // day, 150 an hour), with a refund and a pending sale that do not count.
    for (let i = 0; i < 3_600; i++) tx(dayStart(2) + i * 24_000, '1.23');
    tx(dayStart(2) + 5 * HOUR, '-20.00');
    tx(dayStart(2) + 6 * HOUR + 7, '99.00', 'P');
    tx(dayStart(1) + 9 * HOUR, '42.42');
    // Five and four days ago: more than the maximum within one second each, which no split of
    // time gets under; the days around them are ordinary.
    for (let i = 0; i < MAX + 1; i++) tx(dayStart(5) + 12 * HOUR, '0.01');
    for (let i = 0; i < MAX + 5; i++) tx(dayStart(4) + 8 * HOUR, '0.02');
    tx(dayStart(6) + 3 * HOUR, '6.00');
    tx(dayStart(3) + 3 * HOUR, '3.00');

    const providers = createProviderRegistry(builtInProviders, { endpointOverrides: { ONRAMP_ENDPOINT_PAYPAL_SANDBOX: replica.url } });
    stack = await startTestStack({ providers, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, syncNow } = syncHelpers(() => stack, key);
  const revenue = async (id: string) =>
    Object.fromEntries(
      (await stack.db.selectFrom('kpi_values').select(['period_start', 'value']).where('connection_id', '=', id).execute()).map((r) => [r.period_start, r.value]),
    );
  const connect = async (initialHistoryDays: number) => {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'paypal', credentials: { ...app, environment: 'sandbox' }, initialHistoryDays }),
    });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  it('reads a day three times over the limit in shorter ranges and writes its revenue exactly', async () => {
    const before = replica.calls.length;
    const id = await connect(2);
    const [run] = await waitForRuns(id, 1);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    const byDay = await revenue(id);
    expect(byDay[isoDay(dayStart(2))]).toBe(4428); // 3,600 × 1.23
    expect(byDay[isoDay(dayStart(1))]).toBe(42.42);
    expect(byDay[isoDay(dayStart(0))]).toBe(0);

    const searches = replica.reportingCalls().filter((c) => replica.calls.indexOf(c) >= before && c.query.page_size === '500');
    // PayPal refused the whole window, then halves of it, until each range was accepted…
    expect(searches[0]).toMatchObject({ status: 400 });
    const refused = searches.filter((c) => c.status === 400);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    // …and no accepted range is longer than the busy day allows (150 sales an hour: under 6⅔ h).
    for (const c of searches.filter((s) => s.status === 200 && s.query.page === '1')) {
      const from = Date.parse(c.query.start_date!);
      const to = Date.parse(c.query.end_date!);
      expect(Math.min(to, dayStart(1)) - Math.max(from, dayStart(2))).toBeLessThanOrEqual((MAX / 150) * HOUR);
    }
    // The call log names the vendor's refusal in its own words, never as the connection's config.
    const runId = (await stack.db.selectFrom('sync_runs').select('id').where('connection_id', '=', id).executeTakeFirstOrThrow()).id;
    const { body: calls } = await api<{ items: { status: number | null; errorCode: string | null; errorMessage: string | null }[] }>(
      `/v1/connections/${id}/runs/${runId}/calls`,
    );
    const limited = calls.items.filter((c) => c.status === 400);
    expect(limited.length).toBe(refused.length);
    expect(limited[0]).toMatchObject({ errorCode: 'RESULTSET_TOO_LARGE', errorMessage: expect.stringContaining('greater than the maximum limit') });
  });

  it('writes every other day when some cannot be read, says which and why, and repairs them first on the next run', async () => {
    const id = await connect(7);
    const [first] = (await waitForRuns(id, 1)) as unknown as Run[];
    expect(first).toMatchObject({ status: 'partial', error: null });
    expect(first!.missingPeriods.map((p) => [p.from, p.to, p.error.code])).toEqual([
      [isoDay(dayStart(5)), isoDay(dayStart(5)), 'vendor_limit'],
      [isoDay(dayStart(4)), isoDay(dayStart(4)), 'vendor_limit'],
    ]);
    expect(first!.missingPeriods[0]!.error.message).toMatch(/more than 1000 transactions in one search \(RESULTSET_TOO_LARGE\).*holds 1001/);
    expect(first!.missingPeriods[0]!.error.userMessage).toBeTruthy();

    // Every day that could be read is written exactly; the missing days have no value at all.
    const byDay = await revenue(id);
    expect(byDay).toMatchObject({
      [isoDay(dayStart(7))]: 0,
      [isoDay(dayStart(6))]: 6,
      [isoDay(dayStart(3))]: 3,
      [isoDay(dayStart(2))]: 4428,
      [isoDay(dayStart(1))]: 42.42,
    });
    expect(byDay).not.toHaveProperty(isoDay(dayStart(5)));
    expect(byDay).not.toHaveProperty(isoDay(dayStart(4)));

    // The connection's health says so, and the run's event lists the days.
    const { body: connection } = await api(`/v1/connections/${id}`);
    expect(connection.status).toBe('active');
    expect(connection.sync).toMatchObject({
      lastStatus: 'partial',
      missing: { days: 2, since: isoDay(dayStart(5)) },
      lastError: { code: 'periods_missing', message: expect.stringMatching(new RegExp(`^2 days missing since ${isoDay(dayStart(5))}: PayPal refuses`)) },
    });
    const events = (await stack.db.selectFrom('events').select(['type', 'data']).where('connection_id', '=', id).orderBy('sequence').execute()).filter((e) =>
      e.type.startsWith('sync.'),
    );
    expect(events.map((e) => e.type)).toEqual(['sync.partial']);
    expect((events[0]!.data as { run: Run }).run.missingPeriods).toHaveLength(2);

    // PayPal answers again (its limit allows the second now): the next run asks for the missing
    // days before its own window and writes them.
    replica.maxResultItems = 2 * MAX;
    const before = replica.calls.length;
    await syncNow(id);
    const [second] = (await waitForRuns(id, 2)) as unknown as Run[];
    expect(second).toMatchObject({ status: 'succeeded', missingPeriods: [] });
    expect(second!.repairedPeriods).toEqual([{ from: isoDay(dayStart(5)), to: isoDay(dayStart(4)) }]);
    const firstSearch = replica.reportingCalls().find((c) => replica.calls.indexOf(c) >= before && c.query.page_size === '500');
    expect(firstSearch?.query.start_date).toBe(new Date(dayStart(5)).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const repaired = await revenue(id);
    expect(repaired[isoDay(dayStart(5))]).toBe(10.01); // 1,001 × 0.01
    expect(repaired[isoDay(dayStart(4))]).toBe(20.1); // 1,005 × 0.02
    const { body: healed } = await api(`/v1/connections/${id}`);
    expect(healed.sync).toMatchObject({ lastStatus: 'succeeded', missing: null, lastError: null });
    replica.maxResultItems = MAX;
  });
});
