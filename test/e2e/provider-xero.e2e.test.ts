import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { defaultUserMessage } from '../../domain/failure-messages.js';
import { createSecretBox } from '../../platform/crypto.js';
import { choosePort } from '../../platform/ports.js';
import type { ProviderCallContext } from '../../providers/contract.js';
import { ProviderError } from '../../providers/errors.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { RUNWAY_CAP_MONTHS, xeroProvider } from '../../providers/xero.js';
import { workflowTypes } from '../../workflows/definitions.js';
import { jargonIn } from '../helpers/connect-page.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { waitFor } from '../helpers/temporal.js';
import { startOAuthReplica, type OAuthReplica } from '../replicas/oauth-server.js';
import { startXeroReplica, XERO_LIMITS, type XeroReplica } from '../replicas/xero-server.js';
import { acct, ACME, acme, client, daysToMonth, expectedRows, HOLDINGS, holdings, month, releaseWhenAllWaiting, scopes, xeroEndpoints, xeroEndpointsOf } from '../helpers/xero-fixtures.js';
import { authorizeInBrowser, providerUrl, testBrowser } from '../helpers/oauth-stack.js';

type Connection = ConnectionView & { authorizeUrl?: string };

const key = 'xero-client-key-00000000000001';

describe('Xero provider (OAuth with rotating refresh tokens + Accounting API replica, real Temporal and Postgres)', () => {
  let oauth: OAuthReplica;
  let xero: XeroReplica;
  let stack: TestStack;
  let activeId: string;

  beforeAll(async () => {
    const port = await choosePort();
    oauth = await startOAuthReplica({ ...client, clientAuth: 'client_secret_basic', redirectUri: `http://127.0.0.1:${port}/v1/oauth/callback`, scopes, accessTokenTtlSeconds: 1_800 });
    xero = await startXeroReplica({ oauth, organisations: [acme(), holdings()] });
    stack = await startTestStack({
      port,
      providers: createProviderRegistry(builtInProviders, { endpointOverrides: xeroEndpoints(oauth, xero) }),
      config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }], oauth: { clients: { XERO: client }, returnUrls: [] } }),
    });
  });
  afterAll(async () => {
    await stack?.close();
    await Promise.all([xero?.close(), oauth?.close()]);
  });

  const api = <T = Connection>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, kpiRows, syncNow, runs } = syncHelpers(() => stack, key);
  const waitForConnection = (id: string, want: { status: string; step?: string; state?: string }) =>
    waitFor(`connection ${id} to reach ${JSON.stringify(want)}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      const ok = body.status === want.status && (!want.step || body.onboarding.step === want.step) && (!want.state || body.onboarding.state === want.state);
      return ok ? body : undefined;
    });
  const refreshGrants = () => oauth.calls.filter((c) => c.path === '/token' && c.grantType === 'refresh_token');
  const sealed = async (id: string) =>
    createSecretBox(stack.config.credentialsKey).open<{ accessToken: string; refreshToken: string; expiresAt: string }>(
      (await stack.db.selectFrom('connections').select('credentials_encrypted').where('id', '=', id).executeTakeFirstOrThrow()).credentials_encrypted!,
    );

  it('signs in with PKCE and offline access, offers the organisations and their expense accounts (marketing ones ticked), and writes exact monthly KPIs', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'xero', name: 'Acme books', initialHistoryDays: daysToMonth(-2) }) });
    expect(created.status).toBe(201);
    const id = (activeId = created.body.id);
    // Onramp's start link binds the sign-in to the browser and sends it on to Xero's authorize URL.
    const browser = testBrowser();
    const authorize = new URL(await providerUrl(created.body.authorizeUrl!, browser));
    expect(`${authorize.origin}${authorize.pathname}`).toBe(oauth.authorizeUrl);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: client.clientId, scope: scopes.join(' '), response_type: 'code', code_challenge_method: 'S256' });
    // Signed in; the organisation and accounts are chosen next, so the page does not say Connected yet.
    expect(await (await authorizeInBrowser(created.body.authorizeUrl!, browser)).text()).toContain('Signed in');
    await waitForConnection(id, { status: 'configuring', step: 'configure', state: 'waiting' });

    // Two organisations and none chosen: each one's active expense accounts, under its name.
    const options = await api<{ options: Record<string, { value: string; label: string; preselected?: boolean }[]> }>(`/v1/connections/${id}/options`);
    expect(options.status).toBe(200);
    expect(options.body.options.tenantId).toEqual([
      { value: ACME, label: 'Acme Ltd' },
      { value: HOLDINGS, label: 'Acme Holdings' },
    ]);
    expect(options.body.options.marketingAccountIds).toEqual([
      { value: acct.cogs, label: 'Acme Ltd › 310 – Cost of Goods Sold' },
      { value: acct.advertising, label: 'Acme Ltd › 400 – Advertising', preselected: true },
      { value: acct.events, label: 'Acme Ltd › 410 – Marketing Events', preselected: true },
      { value: acct.rent, label: 'Acme Ltd › 420 – Rent' },
      { value: acct.onlineAds, label: 'Acme Ltd › 430 – Online Ads', preselected: true },
      { value: '0b000000-0000-4000-8000-000000000401', label: 'Acme Holdings › 401 – Promotion', preselected: true },
    ]);
    // The chart of accounts is one answer per organisation (Xero does not page it), each with its xero-tenant-id.
    expect(xero.calls.filter((c) => c.route === 'accounts').map((c) => [c.tenantId, c.status, c.query])).toEqual([[ACME, 200, {}], [HOLDINGS, 200, {}]]);

    const bad = await api<{ errors: { field: string; message: string }[] }>(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { tenantId: ACME } }) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.config.marketingAccountIds' })]);

    const reportsBefore = xero.calls.length;
    const configured = await api(`/v1/connections/${id}/config`, { method: 'PUT', body: JSON.stringify({ config: { tenantId: ACME, marketingAccountIds: [acct.advertising, acct.events] } }) });
    expect(configured.status).toBe(200);
    const [first] = await waitForRuns(id, 1);
    expect(first).toMatchObject({ status: 'succeeded', kpisWritten: 8 });
    expect(await kpiRows(id)).toEqual(expectedRows());
    const granularity = await stack.db.selectFrom('kpi_values').select('granularity').distinct().where('connection_id', '=', id).execute();
    expect(granularity).toEqual([{ granularity: 'month' }]);

    // One P&L for the three months (newest first, periods = the two before), BankSummary for M-4 … M0.
    const sync = xero.calls.slice(reportsBefore).filter((c) => c.route === 'profitAndLoss' || c.route === 'bankSummary');
    expect(sync.filter((c) => c.route === 'profitAndLoss').map((c) => c.query)).toEqual([
      { fromDate: `${month(0)}-01`, toDate: lastDayOf(month(0)), timeframe: 'MONTH', standardLayout: 'true', periods: '2' },
    ]);
    expect(sync.filter((c) => c.route === 'bankSummary').map((c) => c.query.fromDate)).toEqual([-4, -3, -2, -1, 0].map((n) => `${month(n)}-01`));
    expect(xero.calls.slice(reportsBefore).every((c) => c.tenantId === ACME && c.status === 200)).toBe(true);

    // The options of a configured connection: that organisation's accounts only, no prefix.
    const after = await api<{ options: Record<string, { value: string; label: string }[]> }>(`/v1/connections/${id}/options`);
    expect(after.body.options.marketingAccountIds!.map((o) => o.label)).toEqual(['310 – Cost of Goods Sold', '400 – Advertising', '410 – Marketing Events', '420 – Rent', '430 – Online Ads']);
  });

  it('refreshes an expired access token once for syncs running together, stores the rotated refresh token before using it, and the old one is dead', async () => {
    const before = await sealed(activeId);
    const grantsBefore = refreshGrants().length;
    oauth.expireAccessTokens();
    const held = oauth.holdRefreshes();
    const start = (suffix: string) =>
      stack.temporal.client.workflow.start(workflowTypes.sync, { workflowId: `sync:${activeId}-xero-together-${suffix}`, taskQueue: stack.config.taskQueue, args: [{ connectionId: activeId }] });
    const started = await Promise.all(['a', 'b', 'c'].map(start));
    await releaseWhenAllWaiting(stack.databaseUrl, oauth, held, 3);
    await Promise.all(started.map((h) => h.result()));
    expect(refreshGrants().slice(grantsBefore).map((c) => c.status)).toEqual([200]);
    const after = await sealed(activeId);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(Date.parse(after.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    // Xero rotates: the refresh token spent above is refused now.
    const replay = await fetch(oauth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: before.refreshToken }),
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    expect(await kpiRows(activeId)).toEqual(expectedRows());
  });

  it('waits out a minute-limit 429 (Retry-After) and a 503, then succeeds with the same values', async () => {
    const before = xero.calls.length;
    const done = (await runs(activeId)).filter((r) => r.status !== 'running').length;
    // 60 calls in the last 58 seconds: the minute limit frees up in about 2 seconds.
    xero.spend(ACME, XERO_LIMITS.minute, Date.now() - 58_000);
    await syncNow(activeId);
    const [latest] = await waitForRuns(activeId, done + 1);
    expect(latest).toMatchObject({ status: 'succeeded' });
    const limited = xero.calls.slice(before).filter((c) => c.status === 429);
    expect(limited[0]).toMatchObject({ problem: 'minute' });
    const firstOk = xero.calls.slice(before).find((c) => c.status === 200)!;
    expect(firstOk.at - limited[0]!.at).toBeGreaterThanOrEqual(Number(limited[0]!.retryAfter) * 1000 - 1_000);

    const before503 = xero.calls.length;
    xero.failNext(503);
    await syncNow(activeId);
    const [again] = await waitForRuns(activeId, done + 2);
    expect(again).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(xero.calls.slice(before503).map((c) => c.status)[0]).toBe(503);
    expect(await kpiRows(activeId)).toEqual(expectedRows());
  });

  it('a backfill over six months writes each month whole, in one chunk and one P&L call, and refuses a day before 2006', async () => {
    const before = xero.calls.length;
    const from = `${month(-5)}-01`;
    const today = new Date().toISOString().slice(0, 10);
    const early = await api<{ errors: { field: string }[] }>(`/v1/connections/${activeId}/backfill`, { method: 'POST', body: JSON.stringify({ from: '2005-12-31', to: today }) });
    expect(early.status).toBe(400);
    expect(early.body.errors.map((e) => e.field)).toEqual(['body.from']);
    const started = await api<{ id: string; chunksTotal: number }>(`/v1/connections/${activeId}/backfill`, { method: 'POST', body: JSON.stringify({ from, to: today }) });
    expect(started.status).toBe(202);
    expect(started.body.chunksTotal).toBe(1);
    await waitFor('the backfill to succeed', async () => (await api<{ status: string }>(`/v1/connections/${activeId}/backfills/${started.body.id}`)).body.status === 'succeeded');
    expect(xero.calls.slice(before).filter((c) => c.route === 'profitAndLoss').map((c) => c.query.periods)).toEqual(['5']);
    const older = (await kpiRows(activeId)).filter((r) => r.period_start < `${month(-2)}-01`);
    // M-5 … M-3 by hand: margins (15,000 − 3,000) / 15,000, 13,000 / 16,000, 13,100 / 17,000; cash coming in on average → the cap.
    expect(older).toEqual([
      { kpi_key: 'cash_runway', period_start: `${month(-5)}-01`, value: RUNWAY_CAP_MONTHS, unit: 'months' },
      { kpi_key: 'profit_margin', period_start: `${month(-5)}-01`, value: 80, unit: 'percent' },
      { kpi_key: 'xero.marketing_spend', period_start: `${month(-5)}-01`, value: 0, unit: 'GBP' },
      { kpi_key: 'cash_runway', period_start: `${month(-4)}-01`, value: RUNWAY_CAP_MONTHS, unit: 'months' },
      { kpi_key: 'profit_margin', period_start: `${month(-4)}-01`, value: 81.25, unit: 'percent' },
      { kpi_key: 'xero.marketing_spend', period_start: `${month(-4)}-01`, value: 0, unit: 'GBP' },
      { kpi_key: 'cash_runway', period_start: `${month(-3)}-01`, value: RUNWAY_CAP_MONTHS, unit: 'months' },
      { kpi_key: 'profit_margin', period_start: `${month(-3)}-01`, value: 77.06, unit: 'percent' },
      { kpi_key: 'xero.marketing_spend', period_start: `${month(-3)}-01`, value: 900, unit: 'GBP' }, // Advertising
    ]);
    expect((await kpiRows(activeId)).filter((r) => r.period_start >= `${month(-2)}-01`)).toEqual(expectedRows());
  });

  it('a day-limit 429 holds the sync until Xero allows calls again (Retry-After), with no call in between and no failure shown', async () => {
    const before = xero.calls.length;
    xero.spend(ACME, XERO_LIMITS.day, Date.now() - 3_600_000);
    await syncNow(activeId);
    const limited = await waitFor('the day-limit 429', async () => xero.calls.slice(before).find((c) => c.status === 429));
    expect(limited).toMatchObject({ problem: 'day' });
    const retryAfterS = Number(limited.retryAfter);
    expect(retryAfterS).toBeGreaterThan(22 * 3_600);
    // The sync's activity is scheduled again only once the day frees up: Temporal holds it.
    const run = await waitFor('the run holding its next attempt', async () => {
      const [latest] = await runs(activeId);
      if (!latest || latest.status !== 'running') return undefined;
      const described = await stack.temporal.client.workflow.getHandle(latest.workflowId, latest.workflowRunId).describe();
      const pending = described.raw.pendingActivities?.[0];
      return pending?.nextAttemptScheduleTime ? { latest, pending } : undefined;
    });
    const next = Number(run.pending.nextAttemptScheduleTime!.seconds) * 1000;
    expect(next - limited.at).toBeGreaterThanOrEqual(retryAfterS * 1000 - 2_000);
    // Nothing else asked Xero meanwhile, and the connection shows no failure.
    expect(xero.calls.slice(before).filter((c) => c.tenantId === ACME && c.route !== 'connections').map((c) => c.status)).toEqual([429]);
    const { body } = await api(`/v1/connections/${activeId}`);
    expect(body.status).toBe('active');
    // The test's own clean-up: end the held run, as a day would have.
    await stack.temporal.client.workflow.getHandle(run.latest.workflowId, run.latest.workflowRunId).terminate('test over');
    xero.resetLimits();
  });

  it('every failure kind carries a hint for the API client and plain words for the end user', async () => {
    const tokens = await sealed(activeId);
    const ctx = (config: Record<string, unknown>, accessToken = tokens.accessToken): ProviderCallContext<never, never> =>
      ({ config, credentials: { ...tokens, accessToken, tokenType: 'Bearer' }, endpoints: xeroEndpointsOf(oauth, xero), attempt: 1, signal: undefined }) as never;
    const fresh = await freshAccessToken();
    const config = { tenantId: ACME, marketingAccountIds: [acct.advertising] };
    const window = { from: `${month(0)}-01T00:00:00.000Z`, to: new Date().toISOString() };
    const failure = async (what: Promise<unknown>) => {
      const error = await what.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      return error as ProviderError;
    };
    const seen: ProviderError[] = [];
    // auth_failed: an access token Xero does not know (the sync engine refreshes once, then shows this).
    seen.push(await failure(xeroProvider.fetchMetrics(ctx(config, 'not-a-token'), window)));
    expect(seen.at(-1)).toMatchObject({ kind: 'auth_failed', hint: expect.stringMatching(/reauthorize/) });
    // permission_denied: the organisation was disconnected from the app.
    xero.organisations.get(HOLDINGS)!.disconnected = true;
    seen.push(await failure(xeroProvider.testConnection(ctx({ tenantId: HOLDINGS, marketingAccountIds: [] }, fresh))));
    xero.organisations.get(HOLDINGS)!.disconnected = false;
    expect(seen.at(-1)).toMatchObject({ kind: 'permission_denied', hint: expect.stringMatching(/accounting\.reports\.read/) });
    // invalid_config: a marketing account that is archived, or of another organisation.
    seen.push(await failure(xeroProvider.testConnection(ctx({ tenantId: ACME, marketingAccountIds: [acct.archived] }, fresh))));
    expect(seen.at(-1)).toMatchObject({ kind: 'invalid_config', message: expect.stringContaining(acct.archived) });
    // rate_limited, by minute and by day, each in its own words.
    xero.spend(HOLDINGS, XERO_LIMITS.minute, Date.now() - 30_000);
    seen.push(await failure(xeroProvider.fetchMetrics(ctx({ tenantId: HOLDINGS, marketingAccountIds: [] }, fresh), window)));
    expect(seen.at(-1)).toMatchObject({ kind: 'rate_limited', message: expect.stringMatching(/minute/), retryAfterMs: expect.any(Number) });
    expect(seen.at(-1)!.retryAfterMs!).toBeLessThanOrEqual(31_000);
    xero.spend(HOLDINGS, XERO_LIMITS.day, Date.now() - 120_000);
    seen.push(await failure(xeroProvider.fetchMetrics(ctx({ tenantId: HOLDINGS, marketingAccountIds: [] }, fresh), window)));
    expect(seen.at(-1)).toMatchObject({ kind: 'rate_limited', message: expect.stringMatching(/daily limit/), userMessage: expect.stringMatching(/automatically/) });
    expect(seen.at(-1)!.retryAfterMs!).toBeGreaterThan(23 * 3_600_000);
    // provider_unavailable: a 503 (retried by the engine; shown only when every retry failed).
    xero.failNext(503);
    seen.push(await failure(xeroProvider.fetchMetrics(ctx(config, fresh), window)));
    expect(seen.at(-1)).toMatchObject({ kind: 'provider_unavailable' });
    for (const error of seen) {
      expect(error.hint.length, error.kind).toBeGreaterThan(10);
      expect(jargonIn(error.userMessage ?? defaultUserMessage(error.kind)), error.kind).toEqual([]);
      expect(JSON.stringify(error), error.kind).not.toContain(fresh);
    }
  });

  it('a refused refresh token (revoked at Xero) needs the user: reauthorization_required, schedule paused, in plain words', async () => {
    oauth.revokeAll();
    await syncNow(activeId);
    const failed = await waitForConnection(activeId, { status: 'error' });
    expect(failed.sync.lastError).toMatchObject({ code: 'reauthorization_required' });
    expect(jargonIn(failed.sync.lastError!.userMessage ?? defaultUserMessage('reauthorization_required'))).toEqual([]);
  });

  /** A token of the replica's own, for direct provider calls (the sync engine keeps the connection's). */
  async function freshAccessToken(): Promise<string> {
    const url = new URL(oauth.authorizeUrl);
    const verifier = 'v'.repeat(43);
    const challenge = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))).toString('base64url');
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: client.clientId, scope: scopes.join(' '), code_challenge: challenge, code_challenge_method: 'S256', state: 's' })) url.searchParams.set(k, v);
    const redirect = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    const token = await fetch(oauth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, code_verifier: verifier }),
    });
    return ((await token.json()) as { access_token: string }).access_token;
  }
});

const lastDayOf = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
