/**
 * Vendor requests per connection per day, per provider (issue 27, item 3), counted at the
 * replicas: one connection of each provider syncs every hour for a day, its windows chosen the
 * way the sync engine chooses them (domain/sync-window.ts: from the last sync minus the provider's
 * data lateness) beside the policy the issue found (a rolling 30-day window every run). Each run
 * calls the real adapter against its replica, through the shared HTTP client; what the replica
 * receives is counted (token calls included). The clock is simulated, the adapters and the
 * replicas are not: this measures what a day of syncs asks the vendor, not how fast.
 *
 * Standalone: `npx tsx bench/measures/vendor-requests.ts` (no Postgres or Temporal needed).
 */
import { createHash, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { fetchedMetrics, type ProviderCallContext, type ProviderDefinition } from '../../providers/contract.js';
import { cloudflareProvider } from '../../providers/cloudflare.js';
import { createGoogleAnalyticsProvider } from '../../providers/google-analytics.js';
import { paypalProvider } from '../../providers/paypal.js';
import { addDays, daysInWindow } from '../../domain/periods.js';
import { syncWindowStart } from '../../domain/sync-window.js';
import { seedZones, startCloudflareReplica } from '../../test/replicas/cloudflare-server.js';
import { startGoogleAnalyticsReplica } from '../../test/replicas/google-analytics-server.js';
import { startOAuthReplica } from '../../test/replicas/oauth-server.js';
import { paypalStamp, startPayPalReplica } from '../../test/replicas/paypal-server.js';

const HOUR_MS = 3_600_000;
const RUNS_PER_DAY = 24; // a sync every 60 minutes, the default interval
const ROLLING_DAYS = 30;

interface Subject {
  provider: ProviderDefinition;
  ctx: ProviderCallContext<Record<string, unknown>, unknown>;
  /** Requests the vendor received so far. */
  received: () => number;
}

export interface VendorRequestFigures {
  provider: string;
  dataLatenessHours: number;
  runsPerDay: number;
  /** Requests a connection makes in a day with the sync engine's windows. */
  requestsPerDay: number;
  /** Days each run reads, on average. */
  daysReadPerRun: number;
  /** The same day of syncs reading a rolling 30-day window every run. */
  rollingWindow: { requestsPerDay: number; daysReadPerRun: number };
}

/** A day of hourly syncs after a first one; answers the requests the vendor received and the days read. */
async function dayOfSyncs(subject: Subject, policy: 'lateness' | 'rolling', start: Date): Promise<{ requests: number; days: number }> {
  let lastSyncAt = start;
  const before = subject.received();
  let days = 0;
  for (let run = 1; run <= RUNS_PER_DAY; run++) {
    const now = new Date(start.getTime() + run * HOUR_MS);
    const from =
      policy === 'rolling'
        ? addDays(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())), -ROLLING_DAYS)
        : syncWindowStart({ lastSyncAt, latenessHours: subject.provider.dataLateness?.hours ?? 0, initialHistoryDays: 0, now });
    const window = { from: from.toISOString(), to: now.toISOString() };
    days += daysInWindow(window).length;
    fetchedMetrics(await subject.provider.fetchMetrics(subject.ctx, window));
    lastSyncAt = now;
  }
  return { requests: subject.received() - before, days };
}

/** An access token from the OAuth replica, as a person's consent and Onramp's code exchange would get it. */
async function googleAccessToken(oauth: Awaited<ReturnType<typeof startOAuthReplica>>, client: { clientId: string; clientSecret: string }, redirectUri: string, scope: string) {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(oauth.authorizeUrl);
  for (const [k, v] of Object.entries({ client_id: client.clientId, redirect_uri: redirectUri, response_type: 'code', scope, code_challenge: challenge, code_challenge_method: 'S256' })) {
    authorize.searchParams.set(k, v);
  }
  const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!);
  const token = await fetch(oauth.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier, client_id: client.clientId, client_secret: client.clientSecret }),
  });
  const body = (await token.json()) as { access_token: string; scope?: string };
  return { accessToken: body.access_token, scope: body.scope, tokenType: 'Bearer' };
}

export async function measureVendorRequests(): Promise<VendorRequestFigures[]> {
  const now = new Date();
  const start = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - RUNS_PER_DAY * HOUR_MS);
  const base = { attempt: 1, signal: undefined };

  const paypal = await startPayPalReplica({ clients: [{ clientId: 'bench-app', clientSecret: 'bench-secret-0001' }] });
  for (let i = 0; i < 24 * 40; i++) {
    paypal.transactions.push({ id: `BENCH${String(i).padStart(12, '0')}`, initiation: paypalStamp(start.getTime() - 35 * 86_400_000 + i * HOUR_MS), status: 'S', currency: 'USD', value: '10.00' });
  }
  const cloudflare = await startCloudflareReplica({ zones: seedZones(1) });
  cloudflare.tokens.set('bench-token', {});
  const scope = 'https://www.googleapis.com/auth/analytics.readonly';
  const client = { clientId: 'bench.apps.googleusercontent.com', clientSecret: 'GOCSPX-bench' };
  const redirectUri = 'http://127.0.0.1:9/v1/oauth/callback';
  const oauth = await startOAuthReplica({ ...client, clientAuth: 'client_secret_post', redirectUri, scopes: [scope], accessTokenTtlSeconds: 7 * 86_400 });
  const ga = await startGoogleAnalyticsReplica({
    userinfoUrl: oauth.userinfoUrl,
    accounts: [{ id: '1', displayName: 'Bench', properties: [{ id: '1001', displayName: 'bench.example', days: new Map() }] }],
  });
  try {
    const gaProvider = createGoogleAnalyticsProvider();
    const subjects: Subject[] = [
      {
        provider: paypalProvider,
        ctx: { ...base, config: { currency: 'USD' }, credentials: { clientId: 'bench-app', clientSecret: 'bench-secret-0001', environment: 'sandbox' }, endpoints: { ...paypalProvider.endpoints, sandbox: paypal.url } },
        received: () => paypal.calls.length,
      },
      {
        provider: gaProvider,
        ctx: { ...base, config: { propertyId: '1001' }, credentials: await googleAccessToken(oauth, client, redirectUri, scope), endpoints: { ...gaProvider.endpoints, data: ga.url, admin: ga.url } },
        // Every Data API call, and the token checks the replica asks its authorization server (none reach the vendor's quota).
        received: () => ga.calls.length,
      },
      {
        provider: cloudflareProvider,
        ctx: { ...base, config: { zoneId: cloudflare.zones[0]!.id }, credentials: { apiToken: 'bench-token' }, endpoints: { api: cloudflare.url } },
        received: () => cloudflare.calls.length,
      },
    ];
    const figures: VendorRequestFigures[] = [];
    for (const subject of subjects) {
      const lateness = await dayOfSyncs(subject, 'lateness', start);
      const rolling = await dayOfSyncs(subject, 'rolling', start);
      figures.push({
        provider: subject.provider.slug,
        dataLatenessHours: subject.provider.dataLateness?.hours ?? 0,
        runsPerDay: RUNS_PER_DAY,
        requestsPerDay: lateness.requests,
        daysReadPerRun: +(lateness.days / RUNS_PER_DAY).toFixed(2),
        rollingWindow: { requestsPerDay: rolling.requests, daysReadPerRun: +(rolling.days / RUNS_PER_DAY).toFixed(2) },
      });
    }
    return figures;
  } finally {
    await Promise.all([paypal.close(), cloudflare.close(), ga.close(), oauth.close()]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  measureVendorRequests().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
