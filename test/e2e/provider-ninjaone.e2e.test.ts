import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { startNinjaOneReplica, type NinjaReplica } from '../replicas/ninjaone-server.js';

/**
 * The NinjaOne provider end to end: onboarding, discovery, syncs, failures and token expiry
 * through the real API, Temporal workflows and Postgres, against test/replicas/ninjaone-server.ts.
 */
const key = 'ninja-client-key-00000000001';
const good = { clientId: 'ninja-app', clientSecret: 'ninja-app-secret-0001', region: 'US' };

type KpiRow = { kpi_key: string; period_start: string; value: number };

describe('NinjaOne provider (replica, real Temporal and Postgres)', () => {
  let replica: NinjaReplica;
  let stack: TestStack;
  const today = () => new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    replica = await startNinjaOneReplica();
    replica.clients.set(good.clientId, { secret: good.clientSecret, scopes: ['monitoring', 'management'] });
    replica.clients.set('no-monitoring-app', { secret: 'no-monitoring-secret-01', scopes: ['management'] });
    const providers = createProviderRegistry(builtInProviders, {
      endpointOverrides: { ONRAMP_ENDPOINT_NINJAONE_US: replica.url },
    });
    stack = await startTestStack({ providers, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, syncNow } = syncHelpers(() => stack, key);
  const kpis = async (id: string) => {
    const rows = (await stack.db.selectFrom('kpi_values').select(['kpi_key', 'period_start', 'value']).where('connection_id', '=', id).execute()) as KpiRow[];
    return Object.fromEntries(rows.map((r) => [`${String(r.period_start).slice(0, 10)} ${r.kpi_key}`, Number(r.value)]));
  };
  const waitForStatus = (id: string, status: string) =>
    waitFor(`connection ${id} to be ${status}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      return body.status === status ? body : undefined;
    });
  async function activeConnection(): Promise<string> {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'ninjaone', credentials: good, initialHistoryDays: 2 }),
    });
    expect(created.status).toBe(201);
    await waitForRuns(created.body.id, 1);
    return created.body.id;
  }

  it('onboards to active, pages devices by `after`, health and volumes by cursor, activities by `olderThan`, writes today\'s snapshot; discovery narrows it', async () => {
    const callsBefore = replica.calls.length;
    const id = await activeConnection();
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'active', sync: { lastStatus: 'succeeded' } });
    // 2,500 devices: 2,188 online, 1,000 HEALTHY, 250 critical + 1,250 high vulnerabilities.
    // Fixed volumes: 2,500 C: of 500 GB, 875,100 GB used of 1,250,000 GB = 70.01 % (the 250 full USB
    // sticks and 100 full network shares would make it 73.21 %). Automation in the last 30 days:
    // 1,667 devices with a successful scheduled script, 208 + 166 − 41 more by OS or software
    // patching = 2,000 of 2,500 = 80 % (failed runs, runs 40 days ago and a technician's scripts left out).
    // A snapshot: only today, although the window covers two past days too.
    expect(await kpis(id)).toEqual({
      [`${today()} service_uptime`]: 87.52,
      [`${today()} security_score`]: 40,
      [`${today()} vulnerability_count`]: 1500,
      [`${today()} asset_utilization`]: 70.01,
      [`${today()} automation_coverage`]: 80,
    });
    const calls = replica.calls.slice(callsBefore);
    const devicePages = calls.filter((c) => c.path === '/v2/devices');
    expect(devicePages.map((c) => [c.query.pageSize, c.query.after])).toEqual([['1000', undefined], ['1000', '1000'], ['1000', '2000']]);
    const healthPages = calls.filter((c) => c.path === '/v2/queries/device-health');
    expect(healthPages).toHaveLength(3);
    expect(healthPages[0]!.query.cursor).toBeUndefined();
    expect(new Set(healthPages.slice(1).map((c) => c.query.cursor)).size).toBe(2);
    const volumePages = calls.filter((c) => c.path === '/v2/queries/volumes');
    expect(volumePages).toHaveLength(3); // 2,850 volumes
    expect(volumePages[0]!.query.cursor).toBeUndefined();
    expect(new Set(volumePages.slice(1).map((c) => c.query.cursor)).size).toBe(2);
    const activityPages = calls.filter((c) => c.path === '/v2/activities');
    // 2,083 ACTIONSET activities in the span: three pages, each older than the last one's oldest id.
    expect(activityPages.map((c) => [c.query.type, c.query.class, c.query.pageSize, c.query.olderThan === undefined])).toEqual([
      ['ACTIONSET', 'DEVICE', '1000', true],
      ['ACTIONSET', 'DEVICE', '1000', false],
      ['ACTIONSET', 'DEVICE', '1000', false],
      ['PATCH_MANAGEMENT', 'DEVICE', '1000', true],
      ['SOFTWARE_PATCH_MANAGEMENT', 'DEVICE', '1000', true],
    ]);
    expect(Number(activityPages[2]!.query.olderThan)).toBeLessThan(Number(activityPages[1]!.query.olderThan));
    expect(activityPages[0]!.query.after).toMatch(/^\d{8}$/);
    const token = calls.find((c) => c.path === '/ws/oauth/token');
    expect(token).toMatchObject({ method: 'POST', status: 200 });

    const options = await api<{ options: { organizationId: { value: string; label: string }[] } }>(`/v1/connections/${id}/options`);
    expect(options.status).toBe(200);
    expect(options.body.options.organizationId).toEqual([
      { value: '1', label: 'Acme HQ' },
      { value: '2', label: 'Acme Branch' },
      { value: '3', label: 'Empty Org' },
    ]);
    const configured = await api(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { organizationId: '2' } }) });
    expect(configured.status).toBe(200);
    expect(configured.body).toMatchObject({ status: 'active', config: { organizationId: '2' } });

    const before = replica.calls.length;
    await syncNow(id);
    expect((await waitForRuns(id, 2))[0]!.status).toBe('succeeded');
    // Organization 2: devices 2001…2500, 438 of 500 online, 200 HEALTHY, 50 critical + 250 high;
    // 175,100 of 250,000 GB used; 400 of 500 devices automated.
    expect(await kpis(id)).toEqual({
      [`${today()} service_uptime`]: 87.6,
      [`${today()} security_score`]: 40,
      [`${today()} vulnerability_count`]: 300,
      [`${today()} asset_utilization`]: 70.04,
      [`${today()} automation_coverage`]: 80,
    });
    const filtered = replica.calls.slice(before).filter((c) => c.path.startsWith('/v2/'));
    expect(filtered.every((c) => c.query.df === 'org = 2' || c.query.cursor !== undefined)).toBe(true);

    // An organization with no devices: 0 %, not a division error.
    await api(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { organizationId: '3' } }) });
    await syncNow(id);
    await waitForRuns(id, 3);
    expect(await kpis(id)).toEqual({
      [`${today()} service_uptime`]: 0,
      [`${today()} security_score`]: 0,
      [`${today()} vulnerability_count`]: 0,
      [`${today()} asset_utilization`]: 0,
      [`${today()} automation_coverage`]: 0,
    });
  });

  it('fails onboarding on bad client credentials with a hint naming what to fix, and on a client without the monitoring scope', async () => {
    const bad = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'ninjaone', credentials: { clientId: 'unknown-app', clientSecret: 'wrong-secret-000001', region: 'US' } }),
    });
    const failed = await waitForStatus(bad.body.id, 'failed');
    expect(failed.onboarding).toMatchObject({ step: 'test', state: 'failed' });
    expect(failed.onboarding.lastError).toMatchObject({
      code: 'auth_failed',
      message: expect.stringContaining('invalid_client: Bad client credentials'),
      hint: expect.stringMatching(/client ID and secret[\s\S]*Monitoring scope[\s\S]*PUT \/v1\/connections\/\{id\}\/credentials/),
    });
    expect(JSON.stringify(failed)).not.toContain('wrong-secret-000001');

    const noScope = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'ninjaone', credentials: { clientId: 'no-monitoring-app', clientSecret: 'no-monitoring-secret-01', region: 'US' } }),
    });
    const refused = await waitForStatus(noScope.body.id, 'failed');
    expect(refused.onboarding.lastError).toMatchObject({ code: 'auth_failed', message: expect.stringContaining('invalid_scope'), hint: expect.stringMatching(/Monitoring scope/) });
  });

  it('waits at least Retry-After after a 429, then succeeds', async () => {
    const id = await activeConnection();
    const before = replica.calls.length;
    replica.failNext(429, { retryAfterSeconds: 2 });
    await syncNow(id);
    const [latest] = await waitForRuns(id, 2);
    expect(latest).toMatchObject({ status: 'succeeded', attempts: 2 });
    const api2 = replica.calls.slice(before).filter((c) => c.path.startsWith('/v2/'));
    const limited = api2.findIndex((c) => c.status === 429);
    expect(limited).toBeGreaterThanOrEqual(0);
    const next = api2[limited + 1]!;
    expect(next.status).toBe(200);
    expect(next.at - api2[limited]!.at).toBeGreaterThanOrEqual(2_000);
  });

  it('records a 403 as permission_denied with a hint naming the Monitoring scope, and does not retry it', async () => {
    const id = await activeConnection();
    const before = replica.calls.length;
    replica.failNext(403);
    await syncNow(id);
    const [latest] = await waitForRuns(id, 2);
    expect(latest).toMatchObject({ status: 'failed', attempts: 1 });
    const run = await stack.db.selectFrom('sync_runs').select('error').where('id', '=', latest!.id).executeTakeFirstOrThrow();
    expect(run.error).toMatchObject({ code: 'permission_denied', hint: expect.stringMatching(/Monitoring scope/) });
    expect(replica.calls.slice(before).filter((c) => c.status === 403)).toHaveLength(1);
  });

  it('asks for a new token exactly once when the API rejects an expired one', async () => {
    const id = await activeConnection();
    const issued = replica.tokensIssued;
    const before = replica.calls.length;
    replica.expireAccessTokens();
    await syncNow(id);
    const [latest] = await waitForRuns(id, 2);
    expect(latest).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(replica.tokensIssued).toBe(issued + 1);
    const calls = replica.calls.slice(before);
    expect(calls.filter((c) => c.path === '/ws/oauth/token').map((c) => c.status)).toEqual([200]);
    expect(calls.filter((c) => c.status === 401)).toHaveLength(1);
    // Devices, health and volumes 3 pages each, activities 3 + 1 + 1.
    expect(calls.filter((c) => c.path.startsWith('/v2/') && c.status === 200)).toHaveLength(14);
    expect((await kpis(id))[`${today()} vulnerability_count`]).toBe(1500);
  });
});
