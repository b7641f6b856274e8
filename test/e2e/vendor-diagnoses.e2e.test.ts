/**
 * Issue 27, item 5: vendor refusals diagnosed from what the vendor says, against replicas that
 * answer as the vendors document, through the real API, worker, Temporal and Postgres.
 * - GA4, the Analytics permission unticked on Google's consent screen (the token response's
 *   granted scopes lack it): "allow access to Analytics on Google's consent screen", not "ask
 *   for the Viewer role"; signing in again and allowing it connects.
 * - GA4, the Data API disabled in the operator's Google Cloud project (403 SERVICE_DISABLED):
 *   an operator-facing failure naming the project and the API; once enabled, a retry connects.
 * - Cloudflare, a zone outside the token's account vs a token without Analytics Read for a zone
 *   it can see: told apart by asking GET /zones/{id}.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { createGoogleAnalyticsProvider } from '../../providers/google-analytics.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { choosePort } from '../../platform/ports.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { seedZones, startCloudflareReplica, type CloudflareReplica } from '../replicas/cloudflare-server.js';
import { startGoogleAnalyticsReplica, type GaReplica } from '../replicas/google-analytics-server.js';
import { startOAuthReplica, type OAuthReplica } from '../replicas/oauth-server.js';
import { authorizeInBrowser as authorizeThroughStart } from '../helpers/oauth-stack.js';

type Connection = ConnectionView & { authorizeUrl?: string };

const key = 'diagnoses-client-key-00000001';
const scope = 'https://www.googleapis.com/auth/analytics.readonly';
const client = { clientId: '5678-onramp.apps.googleusercontent.com', clientSecret: 'GOCSPX-diagnoses-secret' };
const today = new Date().toISOString().slice(0, 10);

describe('vendor refusals diagnosed (GA4 OAuth + Data API replicas, Cloudflare replica)', () => {
  let oauth: OAuthReplica;
  let ga: GaReplica;
  let cloudflare: CloudflareReplica;
  let stack: TestStack;

  beforeAll(async () => {
    const port = await choosePort();
    oauth = await startOAuthReplica({ ...client, clientAuth: 'client_secret_post', redirectUri: `http://127.0.0.1:${port}/v1/oauth/callback`, scopes: [scope] });
    ga = await startGoogleAnalyticsReplica({
      userinfoUrl: oauth.userinfoUrl,
      accounts: [{ id: '100', displayName: 'Acme', properties: [{ id: '1001', displayName: 'acme.example', days: new Map([[today, { sessions: 10, keyEvents: 1, totalRevenue: 5 }]]) }] }],
    });
    cloudflare = await startCloudflareReplica({ zones: seedZones(4) });
    // An account-owned token of the account of zones 1 and 3, and a user token that may read
    // analytics of zone 1 only (it sees every zone).
    cloudflare.tokens.set('account-b-token', { accountId: cloudflare.zones[1]!.account.id });
    cloudflare.tokens.set('zone-1-analytics-token', { analyticsZones: [cloudflare.zones[1]!.id] });
    const providers = createProviderRegistry([...builtInProviders.filter((p) => p.slug !== 'google-analytics'), createGoogleAnalyticsProvider()], {
      endpointOverrides: {
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_AUTHORIZE: oauth.authorizeUrl,
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_TOKEN: oauth.tokenUrl,
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_DATA: ga.url,
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_ADMIN: ga.url,
        ONRAMP_ENDPOINT_CLOUDFLARE_API: cloudflare.url,
      },
    });
    stack = await startTestStack({
      port,
      providers,
      config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }], oauth: { clients: { GOOGLE_ANALYTICS: client }, returnUrls: [] } }),
    });
  });
  afterAll(async () => {
    await stack?.close();
    await Promise.all([ga?.close(), oauth?.close(), cloudflare?.close()]);
  });

  const api = <T = Connection>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, syncNow } = syncHelpers(() => stack, key);
  const create = async (body: Record<string, unknown>) => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    return created.body;
  };
  const settled = (id: string) =>
    waitFor(`connection ${id} to be active or failed`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      return body.status === 'active' || body.status === 'failed' ? body : undefined;
    });
  /** Plays the browser: Onramp's start link, Google's consent screen, Onramp's callback page. */
  async function authorizeInBrowser(authorizeUrl: string): Promise<string> {
    return (await authorizeThroughStart(authorizeUrl)).text();
  }

  it('GA4: the Analytics permission left unticked at consent is told as such, and allowing it connects', async () => {
    const created = await create({ integration: 'google-analytics', config: { propertyId: '1001' } });
    const dataCallsBefore = ga.calls.filter((c) => c.route !== 'accountSummaries').length;
    oauth.declineScopesNext([scope]);
    // The sign-in went through, the connection does not work: the page must not say "Connected".
    const page = await authorizeInBrowser(created.authorizeUrl!);
    expect(page).not.toContain('Connected');
    expect(page).toContain('allow access to Analytics');
    const failed = await settled(created.id);
    expect(failed.status).toBe('failed');
    expect(failed.onboarding.lastError).toMatchObject({
      code: 'reauthorization_required',
      message: expect.stringContaining(`required: ${scope}`),
      hint: expect.stringContaining('consent screen'),
      userMessage: expect.stringMatching(/allow access to Analytics/),
    });
    expect(failed.onboarding.lastError!.userMessage).not.toMatch(/Viewer/);
    // Diagnosed from the token response's granted scopes: Google was not asked in vain.
    expect(ga.calls.filter((c) => c.route !== 'accountSummaries').length).toBe(dataCallsBefore);

    const retried = await api(`/v1/connections/${created.id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    expect(await authorizeInBrowser(retried.body.authorizeUrl!)).toContain('Connected');
    expect((await settled(created.id)).status).toBe('active');
  });

  it('GA4: a Data API disabled in the operator\'s Cloud project is an operator failure naming the project and API', async () => {
    ga.disableDataApi('123456789012');
    try {
      const created = await create({ integration: 'google-analytics', config: { propertyId: '1001' } });
      // Google accepted the sign-in; the test then failed on the operator's project: not "Connected".
      expect(await authorizeInBrowser(created.authorizeUrl!)).toMatch(/Not connected[\s\S]*on our side, not yours/);
      const failed = await settled(created.id);
      expect(failed.status).toBe('failed');
      expect(failed.onboarding.lastError).toMatchObject({
        code: 'operator_action_required',
        message: expect.stringContaining('analyticsdata.googleapis.com is disabled in Google Cloud project 123456789012'),
        hint: expect.stringMatching(/^Operator action: enable analyticsdata\.googleapis\.com in the Google Cloud project 123456789012/),
      });
      // The end user is told it is not theirs to fix, in plain words.
      expect(failed.onboarding.lastError!.userMessage).toMatch(/on our side, not yours/);
      // Support reads Google's own words in the call log.
      const { body: calls } = await api<{ items: { status: number | null; errorCode: string | null; errorMessage: string | null }[] }>(
        `/v1/connections/${created.id}/onboarding/calls`,
      );
      expect(calls.items.find((c) => c.status === 403)).toMatchObject({
        errorCode: 'PERMISSION_DENIED/SERVICE_DISABLED',
        errorMessage: expect.stringContaining('Google Analytics Data API has not been used in project 123456789012'),
      });

      ga.disableDataApi(null);
      const retried = await api(`/v1/connections/${created.id}/retry`, { method: 'POST' });
      expect(retried.status).toBe(200);
      if (retried.body.authorizeUrl) await authorizeInBrowser(retried.body.authorizeUrl);
      expect((await settled(created.id)).status).toBe('active');
    } finally {
      ga.disableDataApi(null);
    }
  });

  it('Cloudflare: a zone outside the token\'s account asks for another zone; a zone it sees without Analytics Read asks for the permission', async () => {
    const elsewhere = cloudflare.zones[0]!; // account A; the token belongs to account B
    const outside = await create({ integration: 'cloudflare', credentials: { apiToken: 'account-b-token' }, config: { zoneId: elsewhere.id } });
    const outsideFailed = await settled(outside.id);
    expect(outsideFailed.onboarding.lastError).toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining(`zone ${elsewhere.id} is not visible to this API token`),
      userMessage: expect.stringMatching(/not in the Cloudflare account your API token belongs to/),
    });
    expect(cloudflare.calls.some((c) => c.path === `/zones/${elsewhere.id}` && c.status === 403)).toBe(true);

    const visible = cloudflare.zones[2]!; // seen by the token, but no Analytics Read for it
    const noAnalytics = await create({ integration: 'cloudflare', credentials: { apiToken: 'zone-1-analytics-token' }, config: { zoneId: visible.id } });
    const noAnalyticsFailed = await settled(noAnalytics.id);
    expect(noAnalyticsFailed.onboarding.lastError).toMatchObject({ code: 'permission_denied', hint: expect.stringContaining('Analytics Read') });
    expect(noAnalyticsFailed.onboarding.lastError!.userMessage).not.toMatch(/not in the Cloudflare account/);
    expect(cloudflare.calls.some((c) => c.path === `/zones/${visible.id}` && c.status === 200)).toBe(true);
  });

  it('GA4: each sync reads again the days Google may still change (72 hours), so late data lands', async () => {
    const created = await create({ integration: 'google-analytics', config: { propertyId: '1001' }, initialHistoryDays: 1 });
    await authorizeInBrowser(created.authorizeUrl!);
    await waitForRuns(created.id, 1);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    // Google finishes processing yesterday and the day before after the first sync had read them.
    const days = ga.accounts[0]!.properties[0]!.days;
    days.set(day(-1), { sessions: 321, keyEvents: 3, totalRevenue: 12.5 });
    days.set(day(-3), { sessions: 77, keyEvents: 0, totalRevenue: 0 });
    const reportsBefore = ga.calls.filter((c) => c.route === 'runReport').length;
    await syncNow(created.id);
    const [second] = await waitForRuns(created.id, 2);
    expect(second).toMatchObject({ status: 'succeeded' });
    // From the day of (the last sync − 72 hours), not from the last sync's own day.
    const report = ga.calls.filter((c) => c.route === 'runReport').slice(reportsBefore)[0]!;
    expect((report.body as { dateRanges: { startDate: string }[] }).dateRanges[0]!.startDate).toBe(day(-3));
    const traffic = await stack.db
      .selectFrom('kpi_values')
      .select(['period_start', 'value'])
      .where('connection_id', '=', created.id)
      .where('kpi_key', '=', 'website_traffic')
      .orderBy('period_start')
      .execute();
    expect(Object.fromEntries(traffic.map((r) => [r.period_start, r.value]))).toMatchObject({ [day(-3)]: 77, [day(-1)]: 321 });
  });
});
