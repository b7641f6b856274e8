/**
 * Providers that exist only for tests: they exercise the parts of the contract the demo
 * provider does not (OAuth2, required config, discovery), against local replicas.
 */
import { z } from 'zod';
import { defineProvider, type ProviderDefinition } from '../../providers/contract.js';
import { ProviderError } from '../../providers/errors.js';
import { requestJson } from '../../providers/http.js';
import { daysInWindow } from '../../domain/periods.js';
import { oauthTokensSchema } from '../../providers/oauth2.js';

export const replicaAccounts = [
  { value: 'acct-1', label: 'Main account' },
  { value: 'acct-2', label: 'Second account' },
];

/** OAuth2 + PKCE against test/replicas/oauth-server.ts; config `accountId` is required and discovered. */
export function replicaOAuthProvider(
  replica: { authorizeUrl: string; tokenUrl: string; userinfoUrl: string },
  clientAuth: 'client_secret_basic' | 'client_secret_post',
  slug = 'replica-oauth',
): ProviderDefinition {
  async function whoAmI(accessToken: string, signal?: AbortSignal): Promise<void> {
    const res = await fetch(replica.userinfoUrl, { headers: { authorization: `Bearer ${accessToken}` }, signal });
    if (res.status === 401) {
      throw new ProviderError('auth_failed', 'the access token was rejected', { hint: 'Authorize again.' });
    }
    if (!res.ok) throw new ProviderError('provider_unavailable', `userinfo answered ${res.status}`, { hint: 'Transient.' });
  }
  return defineProvider({
    slug,
    name: 'Replica OAuth',
    category: 'analytics',
    description: 'Test provider on the OAuth replica.',
    authKind: 'oauth2',
    configSchema: z.object({ accountId: z.string().min(1) }),
    credentialsSchema: oauthTokensSchema,
    endpoints: { authorize: replica.authorizeUrl, token: replica.tokenUrl },
    history: { days: 365, source: 'test provider' },
    callRange: { maxDays: 31, source: 'test provider' },
    oauth2: { scopes: ['read'], clientAuth },
    kpis: { website_traffic: 'constant 1 per day' },
    async discover(ctx) {
      await whoAmI(ctx.credentials.accessToken, ctx.signal);
      return { accountId: replicaAccounts };
    },
    async testConnection(ctx) {
      await whoAmI(ctx.credentials.accessToken, ctx.signal);
      if (!replicaAccounts.some((a) => a.value === ctx.config.accountId)) {
        throw new ProviderError('invalid_config', `account ${ctx.config.accountId} is not visible to this authorization`, {
          hint: 'Pick an accountId from GET /v1/connections/{id}/options and PUT it as config.',
        });
      }
    },
    async fetchMetrics(ctx, window) {
      await whoAmI(ctx.credentials.accessToken, ctx.signal);
      return daysInWindow(window).map((period) => ({ key: 'website_traffic' as const, period, value: 1, unit: 'count' }));
    },
  });
}

/** API key with a required, discoverable `workspace`; no network. */
export const workspaceProvider = defineProvider({
  slug: 'workspace',
  name: 'Workspace',
  category: 'demo',
  description: 'Test provider: API key plus a required workspace.',
  authKind: 'api_key',
  configSchema: z.object({ workspace: z.enum(['ws-1', 'ws-2', 'ws-locked']) }),
  credentialsSchema: z.object({ apiKey: z.string().min(1).meta({ writeOnly: true }) }),
  endpoints: {},
  history: { days: 365, source: 'test provider' },
  callRange: { maxDays: 31, source: 'test provider' },
  kpis: {},
  async discover(ctx) {
    if (ctx.credentials.apiKey.startsWith('invalid')) {
      throw new ProviderError('auth_failed', 'the API key was rejected', { hint: 'Send a valid key.' });
    }
    return { workspace: [{ value: 'ws-1', label: 'One' }, { value: 'ws-2', label: 'Two' }, { value: 'ws-locked', label: 'Locked' }] };
  },
  async testConnection(ctx) {
    if (ctx.credentials.apiKey.startsWith('invalid')) {
      throw new ProviderError('auth_failed', 'the API key was rejected', {
        hint: 'Send a valid API key with PUT /v1/connections/{id}/credentials.',
      });
    }
    if (ctx.config.workspace === 'ws-locked') {
      throw new ProviderError('permission_denied', 'the key may not read workspace ws-locked', {
        hint: 'Grant the key the "reports:read" permission on the workspace, or pick another one.',
      });
    }
    const flaky = /^flaky-(\d+)$/.exec(ctx.credentials.apiKey);
    if (flaky && ctx.attempt <= Number(flaky[1])) {
      throw new ProviderError('provider_unavailable', `workspace API answered 503 (try ${ctx.attempt})`, { hint: 'Transient.' });
    }
  },
  async fetchMetrics() {
    return [];
  },
});

/**
 * API key provider over test/replicas/metrics-server.ts, through the shared HTTP client. Its
 * `api` endpoint defaults to an address that does not exist, so tests must override it with
 * ONRAMP_ENDPOINT_REPLICA_METRICS_API, as an operator would.
 */
export const replicaMetricsProvider = defineProvider({
  slug: 'replica-metrics',
  name: 'Replica Metrics',
  category: 'analytics',
  description: 'Test provider on the metrics replica.',
  authKind: 'api_key',
  configSchema: z.object({}),
  credentialsSchema: z.object({ apiKey: z.string().min(1).meta({ writeOnly: true }) }),
  endpoints: { api: 'https://metrics.invalid' },
  history: { days: 3 * 365, source: 'test provider' },
  // A week a call: backfill tests see many chunks (and continue-as-new) over short ranges.
  callRange: { maxDays: 7, source: 'test provider' },
  kpis: { website_traffic: 'visits', conversion_rate: 'orders ÷ visits × 100' },
  async testConnection(ctx) {
    const today = new Date().toISOString().slice(0, 10);
    await requestJson(`${ctx.endpoints.api}/v1/daily?from=${today}&to=${today}`, {
      vendor: 'Replica Metrics',
      headers: { authorization: `Bearer ${ctx.credentials.apiKey}` },
      signal: ctx.signal,
    });
  },
  async fetchMetrics(ctx, window) {
    const days = daysInWindow(window);
    if (days.length === 0) return [];
    // The replica's `to` is an exclusive day; the window's last day may be partial (today).
    const from = days[0]!;
    const to = new Date(Date.parse(days.at(-1)!) + 86_400_000).toISOString().slice(0, 10);
    const body = await requestJson<{ days: { date: string; visits: number; orders: number }[] }>(
      `${ctx.endpoints.api}/v1/daily?from=${from}&to=${to}`,
      { vendor: 'Replica Metrics', headers: { authorization: `Bearer ${ctx.credentials.apiKey}` }, signal: ctx.signal },
    );
    return body.days.flatMap((d) => [
      { key: 'website_traffic' as const, period: d.date, value: d.visits, unit: 'count' },
      { key: 'conversion_rate' as const, period: d.date, value: Math.round((d.orders / d.visits) * 10_000) / 100, unit: 'percent' },
    ]);
  },
});

/** Markup a vendor might echo back in an error (our pages must show it as text, never run it). */
export const MARKUP_MESSAGE = 'Vendor said: <img src=x onerror=alert(2)><script>alert(3)</script><b>denied</b>';

/** API key; its connection test always fails with a message carrying markup; no network. */
export const markupErrorProvider = defineProvider({
  slug: 'markup-errors',
  name: 'Markup errors',
  category: 'demo',
  description: 'Test provider whose connection test fails with markup in its message.',
  authKind: 'api_key',
  configSchema: z.object({}),
  credentialsSchema: z.object({ apiKey: z.string().min(1).meta({ writeOnly: true }) }),
  endpoints: {},
  history: { days: 30, source: 'test provider' },
  callRange: { maxDays: 31, source: 'test provider' },
  kpis: {},
  async testConnection() {
    throw new ProviderError('auth_failed', MARKUP_MESSAGE, { hint: 'Check the <em>key</em> and retry.' });
  },
  async fetchMetrics() {
    return [];
  },
});
