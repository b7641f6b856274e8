import { expect } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { choosePort } from '../../platform/ports.js';
import { replicaOAuthProvider } from '../providers/test-providers.js';
import { startOAuthReplica } from '../replicas/oauth-server.js';
import { startTestStack } from './stack.js';
import { waitFor } from './temporal.js';

export type Connection = ConnectionView & { authorizeUrl?: string };

export const key = 'oauth-client-key-00000000001';
export const otherTenantKey = 'oauth-other-key-00000000002';
export const returnPrefix = 'https://app.example.test/onramp/';

/** Plays the user's browser: open the authorize URL, follow the provider's redirect to our callback. */
export async function authorizeInBrowser(authorizeUrl: string): Promise<Response> {
  const atProvider = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(atProvider.status).toBe(302);
  return fetch(atProvider.headers.get('location')!, { redirect: 'manual' });
}

/** One Onramp with two OAuth replicas (Basic and POST client authentication) as providers. */
export async function oauthStack(
  onboarding?: { authorizationMs: number },
  replicaOptions: { accessTokenTtlSeconds?: number } = {},
  logStream?: NodeJS.WritableStream,
) {
  const port = await choosePort();
  const redirectUri = `http://127.0.0.1:${port}/v1/oauth/callback`;
  const basic = await startOAuthReplica({ clientId: 'onramp basic', clientSecret: 'b@sic:secret/1', clientAuth: 'client_secret_basic', redirectUri, scopes: ['read'], ...replicaOptions });
  const post = await startOAuthReplica({ clientId: 'onramp-post', clientSecret: 'post-secret-2', clientAuth: 'client_secret_post', redirectUri, scopes: ['read'] });
  const providers = createProviderRegistry([
    ...builtInProviders,
    replicaOAuthProvider(basic, 'client_secret_basic', 'replica-basic'),
    replicaOAuthProvider(post, 'client_secret_post', 'replica-post'),
  ]);
  const stack = await startTestStack({
    port,
    logStream,
    providers,
    config: () => ({
      apiKeys: [
        { key, tenant: 'acme', role: 'client' },
        { key: otherTenantKey, tenant: 'globex', role: 'client' },
      ],
      oauth: {
        clients: {
          REPLICA_BASIC: { clientId: 'onramp basic', clientSecret: 'b@sic:secret/1' },
          REPLICA_POST: { clientId: 'onramp-post', clientSecret: 'post-secret-2' },
        },
        returnUrls: [returnPrefix],
      },
      ...(onboarding ? { onboarding: { authorizationMs: onboarding.authorizationMs, configMs: 7 * 86_400_000, failedWaitMs: 86_400_000 } } : {}),
    }),
  });
  return {
    stack,
    basic,
    post,
    api: <T = Connection>(path: string, init?: RequestInit, as = key) => stack.api<T>(as, path, init),
    async close() {
      await stack.close();
      await Promise.all([basic.close(), post.close()]);
    },
  };
}

export type OAuthStack = Awaited<ReturnType<typeof oauthStack>>;

export function waitForOnboarding(s: OAuthStack, id: string, want: Partial<{ status: string; step: string; state: string }>) {
  return waitFor(`connection ${id} to reach ${JSON.stringify(want)}`, async () => {
    const { body } = await s.api(`/v1/connections/${id}`);
    const ok =
      (!want.status || body.status === want.status) &&
      (!want.step || body.onboarding.step === want.step) &&
      (!want.state || body.onboarding.state === want.state);
    return ok ? body : undefined;
  });
}

export const create = (s: OAuthStack, body: Record<string, unknown>) =>
  s.api('/v1/connections', { method: 'POST', body: JSON.stringify(body) });

