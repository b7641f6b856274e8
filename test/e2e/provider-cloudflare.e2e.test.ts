import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { addDays } from '../../domain/periods.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { seedZones, startCloudflareReplica, zoneDay, type CloudflareReplica } from '../replicas/cloudflare-server.js';

const key = 'cloudflare-client-key-000001';


describe('Cloudflare provider (replica of API v4 + GraphQL Analytics, real Temporal and Postgres)', () => {
  let replica: CloudflareReplica;
  let stack: TestStack;

  beforeAll(async () => {
    replica = await startCloudflareReplica({ zones: seedZones(120) });
    replica.tokens.set('good-user-token', {});
    replica.tokens.set('no-analytics-token', { analyticsRead: false });
    replica.tokens.set('disabled-token', { status: 'disabled' });
    replica.tokens.set('account-owned-token', { accountId: replica.zones[1]!.account.id });
    const providers = createProviderRegistry(builtInProviders, {
      endpointOverrides: { ONRAMP_ENDPOINT_CLOUDFLARE_API: replica.url },
    });
    stack = await startTestStack({ providers, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, kpiRows } = syncHelpers(() => stack, key);
  const create = (body: Record<string, unknown>) =>
    api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'cloudflare', ...body }) });
  const waitForConnection = (id: string, want: (c: ConnectionView) => boolean, what: string) =>
    waitFor(`connection ${id}: ${what}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      return want(body) ? body : undefined;
    });
  const day = (offset: number) => addDays(new Date(), offset).toISOString().slice(0, 10);

  it('onboards with discovery across three pages of zones, then syncs exact KPIs', async () => {
    const zone = replica.zones[77]!;
    // Yesterday had no requests (performance 0, not NaN); two days ago has no row at all.
    replica.zeroDays.add(`${zone.id}|${day(-1)}`);
    replica.missingDays.add(`${zone.id}|${day(-2)}`);

    const created = await create({ credentials: { apiToken: 'good-user-token' }, initialHistoryDays: 3 });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await waitForConnection(id, (c) => c.status === 'configuring' && c.onboarding.step === 'configure' && c.onboarding.state === 'waiting', 'waiting for config');

    const zoneCallsBefore = replica.calls.filter((c) => c.path === '/zones').length;
    const options = await api<{ options: { zoneId: { value: string; label: string }[] } }>(`/v1/connections/${id}/options`);
    expect(options.status).toBe(200);
    expect(options.body.options.zoneId).toHaveLength(120);
    expect(options.body.options.zoneId[77]).toEqual({ value: zone.id, label: `${zone.name} (${zone.account.name})` });
    const pages = replica.calls.filter((c) => c.path === '/zones').slice(zoneCallsBefore);
    expect(pages.map((c) => [c.query.page, c.query.per_page, c.status])).toEqual([
      ['1', '50', 200],
      ['2', '50', 200],
      ['3', '50', 200],
    ]);

    const bad = await api<{ errors: { field: string }[] }>(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { zoneId: 'example.com' } }) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['body.config.zoneId']);

    const configured = await api(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { zoneId: zone.id } }) });
    expect(configured.status).toBe(200);
    expect(configured.body).toMatchObject({ status: 'active', config: { zoneId: zone.id } });

    await waitForRuns(id, 1);
    const expected = [day(-3), day(-1), day(0)].flatMap((date) => {
      const totals = replica.zeroDays.has(`${zone.id}|${date}`) ? { pageViews: 0, requests: 0, cachedRequests: 0 } : zoneDay(zone.id, date);
      const performance = totals.requests > 0 ? Math.round((totals.cachedRequests / totals.requests) * 10_000) / 100 : 0;
      return [
        { kpi_key: 'website_performance', period_start: date, value: performance, unit: 'percent' },
        { kpi_key: 'website_traffic', period_start: date, value: totals.pageViews, unit: 'count' },
      ];
    });
    expect(await kpiRows(id)).toEqual(expected);
    expect(expected.find((r) => r.period_start === day(-1) && r.kpi_key === 'website_performance')!.value).toBe(0);
    const query = replica.calls.filter((c) => c.path === '/graphql' && c.status === 200).at(-1)!;
    expect(query.variables).toEqual({ zoneTag: zone.id, from: day(-3), to: day(0) });
  });

  it('fails onboarding on a rejected or disabled token, and on a token without Analytics Read, each with its hint', async () => {
    const zoneId = replica.zones[0]!.id;
    const wrong = await create({ credentials: { apiToken: 'not-a-known-token' }, config: { zoneId } });
    const disabled = await create({ credentials: { apiToken: 'disabled-token' }, config: { zoneId } });
    const noAnalytics = await create({ credentials: { apiToken: 'no-analytics-token' }, config: { zoneId } });
    const malformed = await create({ credentials: { apiToken: 'has spaces in it' }, config: { zoneId } });

    const failed = (id: string) => waitForConnection(id, (c) => c.status === 'failed', 'failed');
    expect((await failed(wrong.body.id)).onboarding.lastError).toMatchObject({
      code: 'auth_failed',
      hint: expect.stringMatching(/rejected the API token[\s\S]*PUT \/v1\/connections\/\{id\}\/credentials/),
    });
    expect((await failed(disabled.body.id)).onboarding.lastError).toMatchObject({ code: 'auth_failed', hint: expect.stringContaining('disabled') });
    expect((await failed(noAnalytics.body.id)).onboarding.lastError).toMatchObject({
      code: 'permission_denied',
      message: expect.stringContaining('not authorized for that account'),
      hint: expect.stringContaining('Analytics Read'),
    });
    expect((await failed(malformed.body.id)).onboarding.lastError).toMatchObject({ code: 'auth_failed', message: expect.stringContaining('malformed') });
    // The GraphQL refusal came with HTTP 200, as Cloudflare documents it can.
    expect(replica.calls.some((c) => c.path === '/graphql' && c.status === 200 && c.variables?.zoneTag === zoneId)).toBe(true);
  });

  it('verifies an account-owned token through its account, and waits at least Retry-After on a 429', async () => {
    const zone = replica.zones[1]!;
    const created = await create({ credentials: { apiToken: 'account-owned-token' }, config: { zoneId: zone.id }, initialHistoryDays: 0 });
    await waitForConnection(created.body.id, (c) => c.status === 'active', 'active');
    expect(replica.calls.some((c) => c.path === `/accounts/${zone.account.id}/tokens/verify` && c.status === 200)).toBe(true);
    const id = created.body.id;
    const first = await waitForRuns(id, 1);
    expect(first[0]).toMatchObject({ status: 'succeeded', kpisWritten: 2 });

    // Sync again, in a later second than the first run (Temporal dedupes scheduled runs per second).
    await waitFor('the next second', async () => Math.floor(Date.now() / 1000) > Math.floor(Date.parse(first[0]!.startedAt) / 1000));
    const callsBefore = replica.calls.length;
    replica.failNext(429, { retryAfterSeconds: 2, path: '/graphql' });
    expect((await api(`/v1/connections/${id}/sync`, { method: 'POST' })).status).toBe(202);
    const done = await waitForRuns(id, 2);
    expect(done[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [limited, next] = replica.calls.slice(callsBefore).filter((c) => c.path === '/graphql');
    expect(limited!.status).toBe(429);
    expect(next!.status).toBe(200);
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(2_000);
    const today = zoneDay(zone.id, day(0));
    // Today's row (in the first hour of a UTC day the run also reads yesterday again: Cloudflare's lateness margin).
    expect((await kpiRows(id)).find((r) => r.kpi_key === 'website_traffic' && r.period_start === day(0))).toMatchObject({ value: today.pageViews });
  });

  it('turns GraphQL errors answered with HTTP 200 into failed runs with the right code', async () => {
    const zone = replica.zones[2]!;
    const created = await create({ credentials: { apiToken: 'good-user-token' }, config: { zoneId: zone.id }, initialHistoryDays: 0 });
    const id = created.body.id;
    const first = await waitForRuns(id, 1);
    await waitFor('the next second', async () => Math.floor(Date.now() / 1000) > Math.floor(Date.parse(first[0]!.startedAt) / 1000));
    replica.graphqlErrorNext('cannot request data older than 2678400s');
    await api(`/v1/connections/${id}/sync`, { method: 'POST' });
    await waitForRuns(id, 2);
    const run = await stack.db.selectFrom('sync_runs').select(['status', 'error']).where('connection_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'invalid_config', hint: expect.stringContaining('plan') });
  });

  it('names Analytics Read also when GraphQL answers the documented HTTP 403 instead of 200', async () => {
    replica.graphqlStatusCodes = true;
    try {
      const created = await create({ credentials: { apiToken: 'no-analytics-token' }, config: { zoneId: replica.zones[3]!.id } });
      const failed = await waitForConnection(created.body.id, (c) => c.status === 'failed', 'failed');
      expect(failed.onboarding.lastError).toMatchObject({ code: 'permission_denied', hint: expect.stringContaining('Analytics Read') });
      expect(replica.calls.filter((c) => c.path === '/graphql').at(-1)!.status).toBe(403);
    } finally {
      replica.graphqlStatusCodes = false;
    }
  });
});
