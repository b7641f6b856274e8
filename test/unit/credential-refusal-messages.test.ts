import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudflareProvider } from '../../providers/cloudflare.js';
import { ProviderError } from '../../providers/errors.js';
import { ninjaoneProvider } from '../../providers/ninjaone.js';
import { startCloudflareReplica, type CloudflareReplica } from '../replicas/cloudflare-server.js';
import { startNinjaOneReplica, type NinjaReplica } from '../replicas/ninjaone-server.js';

const DAY = 86_400_000;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(ProviderError);
      return error as ProviderError;
    },
  );

describe('NinjaOne: a wrong client secret (replica over real HTTP)', () => {
  let replica: NinjaReplica;
  beforeAll(async () => {
    replica = await startNinjaOneReplica();
    replica.clients.set('ninja-app', { secret: 'ninja-app-secret-0001', scopes: ['monitoring'] });
  });
  afterAll(() => replica?.close());

  it("reports NinjaOne's invalid_client and its description, not the OAuth library's challenge text, with a hint where to fix it", async () => {
    const error = await failure(
      ninjaoneProvider.testConnection({
        config: {},
        credentials: { clientId: 'ninja-app', clientSecret: 'wrong-secret-000001', region: 'US' },
        endpoints: { us: replica.url },
        attempt: 1,
        signal: undefined,
      }),
    );
    expect(error.kind).toBe('auth_failed');
    expect(error.message).toBe('NinjaOne refused the client credentials (invalid_client: Bad client credentials)');
    expect(error.hint).toMatch(/client ID and secret[\s\S]*Administration > Apps > API[\s\S]*PUT \/v1\/connections\/\{id\}\/credentials/);
    expect(replica.calls).toEqual([expect.objectContaining({ path: '/ws/oauth/token', status: 401 })]);
  });
});

describe('Cloudflare: an API token that expired after onboarding (replica over real HTTP)', () => {
  let replica: CloudflareReplica;
  const zone = () => replica.zones[0]!;
  const ctx = (apiToken: string) => ({ config: { zoneId: zone().id }, credentials: { apiToken }, endpoints: { api: replica.url }, attempt: 1, signal: undefined });
  const window = () => ({ from: new Date(Date.now() - 2 * DAY).toISOString(), to: new Date().toISOString() });
  const expiredOn = new Date(Date.now() - DAY).toISOString();
  const expired = (error: ProviderError) => {
    expect(error.kind).toBe('auth_failed');
    expect(error.message).toBe(`the Cloudflare user API token expired on ${expiredOn}`);
    expect(error.hint).toMatch(/has expired[\s\S]*Create an API token[\s\S]*PUT \/v1\/connections\/\{id\}\/credentials/);
  };

  beforeAll(async () => {
    replica = await startCloudflareReplica();
    replica.tokens.set('expired-token', { expiresOn: expiredOn });
    replica.tokens.set('no-analytics-token', { analyticsRead: false });
  });
  afterAll(() => replica?.close());

  it('fails a sync saying the token expired, when GraphQL answers only "Unauthorized" (HTTP 200 or 401); an active token keeps its own refusal', async () => {
    expired(await failure(cloudflareProvider.fetchMetrics(ctx('expired-token'), window())));
    replica.graphqlStatusCodes = true;
    try {
      expired(await failure(cloudflareProvider.fetchMetrics(ctx('expired-token'), window())));
    } finally {
      replica.graphqlStatusCodes = false;
    }
    expect(replica.calls.filter((c) => c.path === '/graphql').map((c) => c.status)).toEqual([200, 401]);

    // Asking verify must not turn every refusal into "expired": missing Analytics Read stays that.
    const refused = await failure(cloudflareProvider.fetchMetrics(ctx('no-analytics-token'), window()));
    expect(refused.kind).toBe('permission_denied');
    expect(refused.hint).toContain('Analytics Read');
  });

  it('fails discovery saying the token expired, when /zones answers only 9109 "Invalid access token"', async () => {
    expired(await failure(cloudflareProvider.discover!(ctx('expired-token'))));
    expect(replica.calls.filter((c) => c.path === '/zones').at(-1)).toMatchObject({ status: 401 });
  });
});
