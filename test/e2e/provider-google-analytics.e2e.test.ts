import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { createGoogleAnalyticsProvider } from '../../providers/google-analytics.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { choosePort } from '../../platform/ports.js';
import { authorizeInBrowser as authorizeThroughStart, providerUrl, testBrowser } from '../helpers/oauth-stack.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { startGoogleAnalyticsReplica, type GaAccount, type GaDay, type GaReplica } from '../replicas/google-analytics-server.js';
import { startOAuthReplica, type OAuthReplica } from '../replicas/oauth-server.js';

type Connection = ConnectionView & { authorizeUrl?: string };

const key = 'ga-client-key-000000000000001';
const scope = 'https://www.googleapis.com/auth/analytics.readonly';
const client = { clientId: '1234-onramp.apps.googleusercontent.com', clientSecret: 'GOCSPX-replica-secret-01' };

const DAY_MS = 86_400_000;
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

/**
 * Ten days of history for property 1001 (9 days ago … today): one day has no events at all
 * (GA4 has no row for it), one has revenue but no sessions (conversion rate 0).
 */
function seededDays(): Map<string, GaDay> {
  const days = new Map<string, GaDay>();
  for (let i = 0; i < 10; i += 1) {
    if (i === 4) continue;
    days.set(utcDay(i - 9), i === 2 ? { sessions: 0, keyEvents: 0, totalRevenue: 19.99 } : { sessions: 100 + 17 * i, keyEvents: 3 + i, totalRevenue: 250.5 + 10.25 * i });
  }
  return days;
}

/** Five accounts; with at most two per page, discovery takes three pages. */
function seededAccounts(): GaAccount[] {
  const empty = () => new Map<string, GaDay>();
  return [
    {
      id: '100',
      displayName: 'Acme Corp',
      properties: [
        { id: '1001', displayName: 'acme.example (web)', currencyCode: 'EUR', timeZone: 'Europe/Berlin', days: seededDays() },
        { id: '1002', displayName: 'Acme app', days: empty() },
      ],
    },
    { id: '200', displayName: 'Globex', properties: [{ id: '2002', displayName: 'globex.example', days: empty() }] },
    { id: '300', displayName: 'Initech', properties: [] },
    { id: '400', displayName: 'Umbrella', properties: [{ id: '4001', displayName: 'umbrella.example', days: empty() }] },
    {
      id: '500',
      displayName: 'Hooli',
      properties: [
        { id: '5001', displayName: 'hooli.example', days: empty() },
        { id: '5002', displayName: 'Hooli XYZ', days: empty() },
      ],
    },
  ];
}

/** The KPI rows property 1001's seed must produce, ordered like the query below. */
function expectedKpis(days: Map<string, GaDay>) {
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([period, d]) => [
      { kpi_key: 'conversion_rate', period_start: period, value: d.sessions > 0 ? Math.round((d.keyEvents / d.sessions) * 10_000) / 100 : 0, unit: 'percent' },
      { kpi_key: 'revenue', period_start: period, value: d.totalRevenue, unit: 'EUR' },
      { kpi_key: 'website_traffic', period_start: period, value: d.sessions, unit: 'count' },
    ]);
}

describe('Google Analytics 4 provider (OAuth + Data/Admin API replicas, real Temporal and Postgres)', () => {
  let oauth: OAuthReplica;
  let ga: GaReplica;
  let stack: TestStack;
  let activeId: string;

  beforeAll(async () => {
    // As test/helpers/oauth-stack.ts: the port first, so the redirect URI registered at the
    // authorization server is Onramp's real callback.
    const port = await choosePort();
    const redirectUri = `http://127.0.0.1:${port}/v1/oauth/callback`;
    oauth = await startOAuthReplica({ ...client, clientAuth: 'client_secret_post', redirectUri, scopes: [scope] });
    ga = await startGoogleAnalyticsReplica({ userinfoUrl: oauth.userinfoUrl, accounts: seededAccounts(), maxAccountsPerPage: 2 });
    const providers = createProviderRegistry(
      [...builtInProviders.filter((p) => p.slug !== 'google-analytics'), createGoogleAnalyticsProvider({ reportPageSize: 3 })],
      {
        endpointOverrides: {
          ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_AUTHORIZE: oauth.authorizeUrl,
          ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_TOKEN: oauth.tokenUrl,
          ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_DATA: ga.url,
          ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_ADMIN: ga.url,
        },
      },
    );
    stack = await startTestStack({
      port,
      providers,
      config: () => ({
        apiKeys: [{ key, tenant: 'acme', role: 'client' }],
        oauth: { clients: { GOOGLE_ANALYTICS: client }, returnUrls: [] },
      }),
    });
  });
  afterAll(async () => {
    await stack?.close();
    await Promise.all([ga?.close(), oauth?.close()]);
  });

  const api = <T = Connection>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, kpiRows, syncNow } = syncHelpers(() => stack, key);
  const waitForConnection = (id: string, want: { status: string; step?: string; state?: string }) =>
    waitFor(`connection ${id} to reach ${JSON.stringify(want)}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      const ok = body.status === want.status && (!want.step || body.onboarding.step === want.step) && (!want.state || body.onboarding.state === want.state);
      return ok ? body : undefined;
    });
  /** Plays the browser: Onramp's start link, Google's consent, Onramp's callback. */
  const authorizeInBrowser = async (authorizeUrl: string, browser = testBrowser()): Promise<string> => (await authorizeThroughStart(authorizeUrl, browser)).text();
  const refreshGrants = () => oauth.calls.filter((c) => c.path === '/token' && c.grantType === 'refresh_token');

  it('authorizes offline, discovers every property over three pages, activates and writes exact KPIs from three report pages', async () => {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'google-analytics', name: 'Acme web', initialHistoryDays: 9 }),
    });
    expect(created.status).toBe(201);
    const id = (activeId = created.body.id);
    const browser = testBrowser();
    const authorize = new URL(await providerUrl(created.body.authorizeUrl!, browser));
    expect(`${authorize.origin}${authorize.pathname}`).toBe(oauth.authorizeUrl);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: client.clientId,
      scope,
      access_type: 'offline',
      prompt: 'consent',
      code_challenge_method: 'S256',
    });
    // Signed in (the same browser opens the link again, as a reload would); the property is chosen
    // next, so the page does not say Connected yet.
    expect(await authorizeInBrowser(created.body.authorizeUrl!, browser)).toContain('Signed in');
    // client_secret_post: the code was redeemed with the secret in the form body.
    expect(oauth.calls.filter((c) => c.path === '/token')).toEqual([expect.objectContaining({ status: 200, grantType: 'authorization_code' })]);

    await waitForConnection(id, { status: 'configuring', step: 'configure', state: 'waiting' });
    const listedBefore = ga.calls.filter((c) => c.route === 'accountSummaries').length;
    const options = await api<{ options: { propertyId: { value: string; label: string }[] } }>(`/v1/connections/${id}/options`);
    expect(options.status).toBe(200);
    expect(options.body.options.propertyId).toEqual([
      { value: '1001', label: 'Acme Corp / acme.example (web)' },
      { value: '1002', label: 'Acme Corp / Acme app' },
      { value: '2002', label: 'Globex / globex.example' },
      { value: '4001', label: 'Umbrella / umbrella.example' },
      { value: '5001', label: 'Hooli / hooli.example' },
      { value: '5002', label: 'Hooli / Hooli XYZ' },
    ]);
    const listing = ga.calls.filter((c) => c.route === 'accountSummaries').slice(listedBefore);
    expect(listing.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(listing[0]!.query.pageToken).toBeUndefined();
    expect(listing.slice(1).every((c) => c.query.pageToken && c.query.pageSize === listing[0]!.query.pageSize)).toBe(true);

    const reportsBefore = ga.calls.filter((c) => c.route === 'runReport').length;
    const badConfig = await api<{ errors: { field: string }[] }>(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { propertyId: 'properties/1001' } }) });
    expect(badConfig.status).toBe(400);
    const configured = await api(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { propertyId: '1001' } }) });
    expect(configured.status).toBe(200);
    expect(configured.body).toMatchObject({ status: 'active', config: { propertyId: '1001' } });
    expect(ga.calls.filter((c) => c.route === 'metadata').map((c) => [c.path, c.status])).toEqual([['/v1beta/properties/1001/metadata', 200]]);

    const [first] = await waitForRuns(id, 1);
    expect(first).toMatchObject({ status: 'succeeded', kpisWritten: 27 });
    expect(await kpiRows(id)).toEqual(expectedKpis(seededDays()));

    // Nine rows, three per page: offsets 0, 3, 6, then offset 9 ≥ rowCount ends the paging.
    const reports = ga.calls.filter((c) => c.route === 'runReport').slice(reportsBefore);
    expect(reports.map((c) => c.status)).toEqual([200, 200, 200]);
    expect(reports.map((c) => (c.body as { offset: string }).offset)).toEqual(['0', '3', '6']);
    expect(reports[0]!.body).toMatchObject({
      dateRanges: [{ startDate: utcDay(-9), endDate: utcDay(0) }],
      dimensions: [{ name: 'date' }],
      metrics: [{ name: 'sessions' }, { name: 'keyEvents' }, { name: 'totalRevenue' }],
      limit: '3',
    });
  });

  it('waits at least Retry-After on a 429 RESOURCE_EXHAUSTED from runReport, then succeeds', async () => {
    const before = ga.calls.length;
    ga.failNext(429, { on: 'runReport', retryAfterSeconds: 2 });
    await syncNow(activeId);
    const [latest] = await waitForRuns(activeId, 2);
    expect(latest).toMatchObject({ status: 'succeeded', attempts: 2 });
    const reports = ga.calls.slice(before).filter((c) => c.route === 'runReport');
    // The retried report, then its second page: the run reads again the days GA4 may still change
    // (72 hours: four days, two pages of three rows).
    expect(reports.map((c) => c.status)).toEqual([429, 200, 200]);
    expect((reports[1]!.body as { dateRanges: { startDate: string }[] }).dateRanges[0]!.startDate).toBe(utcDay(-3));
    expect(reports[1]!.at - reports[0]!.at).toBeGreaterThanOrEqual(2_000);
    // Every value is still the seeded one.
    expect(await kpiRows(activeId)).toEqual(expectedKpis(seededDays()));
  });

  it('refreshes an expired access token with exactly one refresh_token grant, and the sync succeeds', async () => {
    const grantsBefore = refreshGrants().length;
    const before = ga.calls.length;
    oauth.expireAccessTokens();
    await syncNow(activeId);
    const [latest] = await waitForRuns(activeId, 3);
    expect(latest!.status).toBe('succeeded');
    expect(refreshGrants().length - grantsBefore).toBe(1);
    expect(refreshGrants().at(-1)!.status).toBe(200);
    // Google answered the stale token 401 UNAUTHENTICATED; the call with the new token worked (and
    // its second page: the last 72 hours' days are four rows).
    expect(ga.calls.slice(before).filter((c) => c.route === 'runReport').map((c) => c.status)).toEqual([401, 200, 200]);
  });

  it('fails onboarding on 403 PERMISSION_DENIED from the property metadata, with a hint naming the property and scope', async () => {
    ga.deniedProperties.add('2002');
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'google-analytics', name: 'Globex', config: { propertyId: '2002' } }),
    });
    expect(created.status).toBe(201);
    // Google accepted the sign-in but the property test failed: the page says so, in the person's words.
    expect(await authorizeInBrowser(created.body.authorizeUrl!)).toMatch(/Not connected[\s\S]*Viewer role/);
    const failed = await waitForConnection(created.body.id, { status: 'failed' });
    expect(failed.onboarding.lastError).toMatchObject({
      code: 'permission_denied',
      hint: expect.stringMatching(/property 2002[\s\S]*analytics\.readonly/),
    });
    expect(JSON.stringify(failed)).not.toMatch(/Bearer/);
    expect(ga.calls.filter((c) => c.path === '/v1beta/properties/2002/metadata').map((c) => c.status)).toEqual([403]);
  });
});
