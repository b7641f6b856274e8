import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../platform/crypto.js';
import { workflowTypes } from '../../workflows/definitions.js';
import { authorizeInBrowser, create, oauthStack, waitForOnboarding, type OAuthStack } from '../helpers/oauth-stack.js';
import { captureHistory } from '../helpers/histories.js';
import { waitFor } from '../helpers/temporal.js';

/** Count finished sync runs of a connection straight from Postgres. */
async function finishedRuns(s: OAuthStack, id: string): Promise<{ status: string; error: { code: string } | null }[]> {
  return s.stack.db.selectFrom('sync_runs').select(['status', 'error']).where('connection_id', '=', id).where('status', '!=', 'running').orderBy('id').execute();
}

async function activeOAuthConnection(s: OAuthStack): Promise<string> {
  const created = await create(s, { integration: 'replica-basic', config: { accountId: 'acct-1' } });
  expect(await (await authorizeInBrowser(created.body.authorizeUrl!)).text()).toContain('Connected');
  await waitForOnboarding(s, created.body.id, { status: 'active' });
  await waitFor('first sync', async () => (await finishedRuns(s, created.body.id)).length === 1);
  return created.body.id;
}

const refreshCalls = (s: OAuthStack) => s.basic.calls.filter((c) => c.path === '/token' && c.grantType === 'refresh_token');

describe('OAuth tokens during syncs', () => {
  let s: OAuthStack;
  beforeAll(async () => {
    s = await oauthStack();
  });
  afterAll(async () => s?.close());

  it('refreshes an expired token once, even with two syncs started together, and stores the rotated refresh token', async () => {
    const id = await activeOAuthConnection(s);
    const box = createSecretBox(s.stack.config.credentialsKey);
    const sealed = async () =>
      box.open<{ accessToken: string; refreshToken: string }>(
        (await s.stack.db.selectFrom('connections').select('credentials_encrypted').where('id', '=', id).executeTakeFirstOrThrow()).credentials_encrypted!,
      );
    const before = await sealed();
    const refreshesBefore = refreshCalls(s).length;
    s.basic.expireAccessTokens();

    // Two runs at once: the schedule's and one started by hand beside it.
    const start = (suffix: string) =>
      s.stack.temporal.client.workflow.start(workflowTypes.sync, {
        workflowId: `sync:${id}-together-${suffix}`,
        taskQueue: s.stack.config.taskQueue,
        args: [{ connectionId: id }],
      });
    const [a, b] = await Promise.all([start('a'), start('b')]);
    await Promise.all([a.result(), b.result()]);

    expect(refreshCalls(s).length - refreshesBefore).toBe(1);
    expect((await finishedRuns(s, id)).slice(-2).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const after = await sealed();
    expect(after.accessToken).not.toBe(before.accessToken);
    // The replica rotates refresh tokens: the new one is stored, and it works.
    expect(after.refreshToken).not.toBe(before.refreshToken);
    s.basic.expireAccessTokens();
    await s.stack.temporal.client.workflow.execute(workflowTypes.sync, {
      workflowId: `sync:${id}-after-rotation`,
      taskQueue: s.stack.config.taskQueue,
      args: [{ connectionId: id }],
    });
    expect(refreshCalls(s).length - refreshesBefore).toBe(2);
  });

  it('turns a refused refresh into error + paused schedule, and reauthorize brings the same connection back', async () => {
    const id = await activeOAuthConnection(s);
    const kpisBefore = await s.stack.db.selectFrom('kpi_values').select('period_start').where('connection_id', '=', id).execute();
    s.basic.revokeAll();
    await s.stack.temporal.client.workflow
      .execute(workflowTypes.sync, { workflowId: `sync:${id}-revoked`, taskQueue: s.stack.config.taskQueue, args: [{ connectionId: id }] })
      .catch(() => undefined); // the run fails, as it should
    const broken = await waitForOnboarding(s, id, { status: 'error' });
    expect(broken.sync.lastError).toMatchObject({ code: 'reauthorization_required', hint: expect.stringContaining('/reauthorize') });
    expect(broken.sync.paused).toBe(true);

    const reauth = await s.api(`/v1/connections/${id}/reauthorize`, { method: 'POST' });
    expect(reauth.status).toBe(200);
    expect(reauth.body.id).toBe(id);
    expect(await (await authorizeInBrowser(reauth.body.authorizeUrl!)).text()).toContain('Connected');
    await waitForOnboarding(s, id, { status: 'active' });
    // Schedule changes are applied by Temporal asynchronously: wait for the unpause to show.
    const back = await waitFor('schedule running again', async () => {
      const { body } = await s.api(`/v1/connections/${id}`);
      return body.sync.paused ? undefined : body;
    });
    expect(back.sync).toMatchObject({ paused: false, lastError: null, consecutiveFailures: 0 });
    await captureHistory(s.stack.temporal.client, 'v2-oauth-reauthorize', `onboarding:${id}`);
    await waitFor('a sync after re-authorization', async () => (await finishedRuns(s, id)).at(-1)?.status === 'succeeded');
    const kpisAfter = await s.stack.db.selectFrom('kpi_values').select('period_start').where('connection_id', '=', id).execute();
    expect(kpisAfter.length).toBeGreaterThanOrEqual(kpisBefore.length);
    expect((await s.api(`/v1/connections/${id}/reauthorize`, { method: 'POST' }, 'oauth-other-key-00000000002')).status).toBe(404);
  });
});

describe('OAuth tokens close to expiry', () => {
  let s: OAuthStack;
  beforeAll(async () => {
    s = await oauthStack(undefined, { accessTokenTtlSeconds: 30 });
  });
  afterAll(async () => s?.close());

  it('refreshes before calling the provider when the token expires within a minute', async () => {
    await activeOAuthConnection(s);
    // Activation tested the connection, then the first sync ran: each found a token with 30 s left.
    const tokenCalls = s.basic.calls.filter((c) => c.path === '/token').map((c) => c.grantType);
    expect(tokenCalls[0]).toBe('authorization_code');
    expect(tokenCalls.slice(1).every((g) => g === 'refresh_token')).toBe(true);
    expect(tokenCalls.length).toBeGreaterThanOrEqual(2);
    expect(s.basic.calls.filter((c) => c.path === '/userinfo').every((c) => c.status === 200)).toBe(true);
  });
});
