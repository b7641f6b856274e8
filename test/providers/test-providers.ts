/**
 * Providers that exist only for tests: they exercise the parts of the contract the demo
 * provider does not (OAuth2, required config, discovery), against local replicas.
 */
import { z } from 'zod';
import { defineProvider, type ProviderDefinition } from '../../providers/contract.js';
import { ProviderError } from '../../providers/errors.js';
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
    async fetchMetrics() {
      return [];
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
