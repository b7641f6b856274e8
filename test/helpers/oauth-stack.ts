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

/**
 * A browser's cookie jar over fetch, enough for Onramp's OAuth cookies: a cookie goes back to the
 * host:port that set it (every test URL that sets one is under /v1/oauth/), and an expired one is dropped.
 */
export function testBrowser() {
  const jar = new Map<string, Map<string, string>>();
  return {
    cookies: (origin: string) => new Map(jar.get(origin) ?? []),
    async open(url: string | URL): Promise<Response> {
      const { origin } = new URL(url);
      const mine = jar.get(origin) ?? new Map<string, string>();
      const cookie = [...mine].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        const expired = /;\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(line);
        if (expired) mine.delete(pair.slice(0, at));
        else mine.set(pair.slice(0, at), pair.slice(at + 1));
      }
      jar.set(origin, mine);
      return response;
    },
  };
}
export type TestBrowser = ReturnType<typeof testBrowser>;

/**
 * Plays the user's browser: open the authorizeUrl (Onramp's start link, which sets its cookie and
 * sends the browser on), follow the provider's redirect to our callback. Answers the callback's
 * response, or the start's when it sent the browser nowhere (an expired or refused link).
 */
export async function authorizeInBrowser(authorizeUrl: string, browser: TestBrowser = testBrowser()): Promise<Response> {
  const started = await browser.open(authorizeUrl);
  if (started.status !== 302) return started;
  const atProvider = await browser.open(started.headers.get('location')!);
  expect(atProvider.status).toBe(302);
  return browser.open(atProvider.headers.get('location')!);
}

/** The provider's authorization URL the start link sends a browser to (its cookie set in `browser`). */
export async function providerUrl(authorizeUrl: string, browser: TestBrowser): Promise<string> {
  const started = await browser.open(authorizeUrl);
  expect(started.status).toBe(302);
  return started.headers.get('location')!;
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

