import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { choosePort } from '../../platform/ports.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { workflowTypes } from '../../workflows/definitions.js';
import type { OnrampWorker } from '../../wiring/compose.js';
import { spawnWorkerProcess } from '../helpers/spawn-worker.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { createTestWorker, waitFor } from '../helpers/temporal.js';
import { acct, ACME, acme, client, daysToMonth, expectedRows, releaseWhenAllWaiting, scopes, xeroEndpoints } from '../helpers/xero-fixtures.js';
import { startOAuthReplica, type OAuthReplica } from '../replicas/oauth-server.js';
import { startXeroReplica, type XeroReplica } from '../replicas/xero-server.js';
import { authorizeInBrowser } from '../helpers/oauth-stack.js';

const key = 'xero-crash-key-0000000000001';

/**
 * Xero rotates refresh tokens and the spent one dies: two workers refreshing the same connection,
 * or one dying half-way and another starting over, must never spend a token twice, or the
 * connection is lost until its user signs in again.
 */
describe('Xero token refresh across workers, with one killed mid-refresh', () => {
  let oauth: OAuthReplica;
  let xero: XeroReplica;
  let stack: TestStack;
  const children: ChildProcess[] = [];
  let worker: OnrampWorker | undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    const port = await choosePort();
    oauth = await startOAuthReplica({ ...client, clientAuth: 'client_secret_basic', redirectUri: `http://127.0.0.1:${port}/v1/oauth/callback`, scopes, accessTokenTtlSeconds: 1_800 });
    xero = await startXeroReplica({ oauth, organisations: [acme()] });
    stack = await startTestStack({
      port,
      worker: false,
      providers: providers(),
      config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }], oauth: { clients: { XERO: client }, returnUrls: [] } }),
    });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    worker?.shutdown();
    await running;
    await stack?.close();
    await Promise.all([xero?.close(), oauth?.close()]);
  });

  const providers = () => createProviderRegistry(builtInProviders, { endpointOverrides: xeroEndpoints(oauth, xero) });
  const startWorkerProcess = async () => {
    const child = await spawnWorkerProcess({
      databaseUrl: stack.databaseUrl,
      taskQueue: stack.config.taskQueue,
      credentialsKey: stack.config.credentialsKey,
      endpointOverrides: xeroEndpoints(oauth, xero),
      oauthClients: { XERO: client },
      publicUrl: stack.baseUrl,
    });
    children.push(child);
    return child;
  };
  const api = <T = ConnectionView & { authorizeUrl?: string }>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, kpiRows, syncNow, runs } = syncHelpers(() => stack, key);
  const refreshes = () => oauth.calls.filter((c) => c.path === '/token' && c.grantType?.startsWith('refresh_token'));

  it('a worker killed while its refresh is in flight leaves the token unspent; another worker refreshes once and the run completes', async () => {
    const first = await startWorkerProcess();
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'xero', initialHistoryDays: daysToMonth(-2), config: { tenantId: ACME, marketingAccountIds: [acct.advertising, acct.events] } }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(await (await authorizeInBrowser(created.body.authorizeUrl!)).text()).toContain('Connected');
    await waitForRuns(id, 1);

    // The access token expires at Xero; the next sync's refresh is held at the token endpoint,
    // with the worker holding the connection's lock, and the worker dies there.
    oauth.expireAccessTokens();
    const held = oauth.holdRefreshes();
    await syncNow(id);
    await held.arrived;
    first.kill('SIGKILL');
    await waitFor('the held refresh to be dropped with its client', async () => refreshes().some((c) => c.grantType!.includes('dropped')));
    held.release();

    // Two workers now: one in this process, one in a process of its own.
    worker = await createTestWorker({ db: stack.db, client: stack.temporal.client, connection: stack.temporal.connection, config: stack.config, providers: providers() });
    running = worker.run();
    await startWorkerProcess();
    const [interrupted] = await waitForRuns(id, 2);
    expect(interrupted).toMatchObject({ status: 'succeeded' });
    expect(interrupted!.attempts).toBeGreaterThanOrEqual(2);
    expect(refreshes().map((c) => [c.grantType, c.status])).toEqual([
      ['refresh_token (dropped: the client went away while held)', 499],
      ['refresh_token', 200],
    ]);

    // Four syncs at once over both workers, with the access token expired again: one refresh.
    oauth.expireAccessTokens();
    const together = oauth.holdRefreshes();
    const started = await Promise.all(
      ['a', 'b', 'c', 'd'].map((suffix) =>
        stack.temporal.client.workflow.start(workflowTypes.sync, { workflowId: `sync:${id}-crash-together-${suffix}`, taskQueue: stack.config.taskQueue, args: [{ connectionId: id }] }),
      ),
    );
    await releaseWhenAllWaiting(stack.databaseUrl, oauth, together, 4);
    await Promise.all(started.map((h) => h.result()));
    expect(refreshes().slice(2).map((c) => c.status)).toEqual([200]);
    expect((await runs(id)).slice(0, 4).map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const { body } = await api(`/v1/connections/${id}`);
    expect(body.status).toBe('active');
    expect(await kpiRows(id)).toEqual(expectedRows());
  });
});
