import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { captureHistory } from '../helpers/histories.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { workspaceProvider } from '../providers/test-providers.js';

const client = 'steps-client-key-0000000001';
const otherTenant = 'steps-other-key-00000000002';
const support = 'steps-support-key-000000003';

async function stepsStack(onboarding?: { configMs: number }) {
  const stack = await startTestStack({
    providers: createProviderRegistry([...builtInProviders, workspaceProvider]),
    config: () => ({
      apiKeys: [
        { key: client, tenant: 'acme', role: 'client' },
        { key: otherTenant, tenant: 'globex', role: 'client' },
        { key: support, tenant: '*', role: 'support' },
      ],
      ...(onboarding ? { onboarding: { authorizationMs: 3_600_000, configMs: onboarding.configMs, failedWaitMs: 86_400_000 } } : {}),
    }),
  });
  const api = <T = ConnectionView>(path: string, init?: RequestInit, as = client) => stack.api<T>(as, path, init);
  const waitForOnboarding = (id: string, want: Partial<{ status: string; step: string; state: string; attempts: number }>) =>
    waitFor(`connection ${id} to reach ${JSON.stringify(want)}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      const ok =
        (!want.status || body.status === want.status) &&
        (!want.step || body.onboarding.step === want.step) &&
        (!want.state || body.onboarding.state === want.state) &&
        (want.attempts === undefined || body.onboarding.attempts === want.attempts);
      return ok ? body : undefined;
    });
  const create = (body: Record<string, unknown>) => api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'workspace', ...body }) });
  const put = (id: string, what: 'credentials' | 'config', value: unknown, as = client) =>
    api<ConnectionView & { errors?: { field: string }[] }>(`/v1/connections/${id}/${what}`, { method: 'PUT', body: JSON.stringify({ [what]: value }) }, as);
  const retry = (id: string, as = client) => api<ConnectionView & { detail?: string }>(`/v1/connections/${id}/retry`, { method: 'POST' }, as);
  return { stack, api, waitForOnboarding, create, put, retry };
}

describe('onboarding steps for API-key providers', () => {
  let s: Awaited<ReturnType<typeof stepsStack>>;
  let stack: TestStack;
  beforeAll(async () => {
    s = await stepsStack();
    stack = s.stack;
  });
  afterAll(async () => stack?.close());

  it('waits for credentials, then for config (offering discovered choices), then activates', async () => {
    const created = await s.create({});
    expect(created.status).toBe(201);
    const id = created.body.id;
    await s.waitForOnboarding(id, { status: 'pending', step: 'connect', state: 'waiting' });
    expect((await s.api(`/v1/connections/${id}/options`)).status).toBe(409);

    const withKey = await s.put(id, 'credentials', { apiKey: 'good-key' });
    expect(withKey.status).toBe(200);
    // The update answers once onboarding has acted: it is now waiting for config.
    expect(withKey.body).toMatchObject({ status: 'configuring', onboarding: { step: 'configure', state: 'waiting' } });
    expect(JSON.stringify(withKey.body)).not.toContain('good-key');

    const options = await s.api<{ options: { workspace: { value: string }[] } }>(`/v1/connections/${id}/options`);
    expect(options.body.options.workspace.map((o) => o.value)).toEqual(['ws-1', 'ws-2', 'ws-locked']);

    const invalid = await s.put(id, 'config', { workspace: 'nope' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.map((e) => e.field)).toEqual(['body.config.workspace']);

    const configured = await s.put(id, 'config', { workspace: 'ws-1' });
    expect(configured.status).toBe(200);
    expect(configured.body).toMatchObject({ status: 'active', onboarding: { step: 'done', state: 'completed', attempts: 1 } });
    await captureHistory(stack.temporal.client, 'v2-workspace-later-active', `onboarding:${id}`);
    await captureHistory(stack.temporal.client, 'local-workspace-later-active', `onboarding:${id}`);
  });

  it('fails on bad credentials, retries by client and by support counting attempts, heals with new credentials', async () => {
    const created = await s.create({ credentials: { apiKey: 'invalid-1' }, config: { workspace: 'ws-1' } });
    const id = created.body.id;
    const failed = await s.waitForOnboarding(id, { status: 'failed', attempts: 1 });
    expect(failed.onboarding.lastError).toMatchObject({ code: 'auth_failed', hint: expect.stringMatching(/credentials/) });

    expect((await s.retry(id, otherTenant)).status).toBe(404);
    const byClient = await s.retry(id);
    expect(byClient.status).toBe(200);
    expect(byClient.body).toMatchObject({ status: 'failed', onboarding: { attempts: 2, state: 'failed' } });
    const bySupport = await s.retry(id, support);
    expect(bySupport.status).toBe(200);
    expect(bySupport.body.onboarding.attempts).toBe(3);

    const healed = await s.put(id, 'credentials', { apiKey: 'good-key' });
    expect(healed.body).toMatchObject({ status: 'active', onboarding: { attempts: 4, lastError: null } });
    const again = await s.retry(id);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/active, not failed/);
    await captureHistory(stack.temporal.client, 'v2-workspace-fail-retry-active', `onboarding:${id}`);
  });

  it('names the missing permission, and a config change tests again', async () => {
    const created = await s.create({ credentials: { apiKey: 'good' }, config: { workspace: 'ws-locked' } });
    const failed = await s.waitForOnboarding(created.body.id, { status: 'failed' });
    expect(failed.onboarding.lastError).toEqual({
      code: 'permission_denied',
      message: 'the key may not read workspace ws-locked',
      hint: expect.stringContaining('reports:read'),
      // A provider that words none: the code's plain default (issue 22).
      userMessage: expect.stringContaining('not allowed to read this data'),
    });
    const fixed = await s.put(created.body.id, 'config', { workspace: 'ws-2' });
    expect(fixed.body).toMatchObject({ status: 'active', config: { workspace: 'ws-2' }, onboarding: { attempts: 2 } });
  });

  it('turns a provider that stays down past the retry budget into provider_unavailable', async () => {
    const created = await s.create({ credentials: { apiKey: 'flaky-99' }, config: { workspace: 'ws-1' } });
    const failed = await s.waitForOnboarding(created.body.id, { status: 'failed' });
    expect(failed.onboarding.lastError).toMatchObject({ code: 'provider_unavailable', hint: expect.stringMatching(/retry/) });
  });

  it('disconnects during the config wait: cancelled, credentials wiped, row kept', async () => {
    const created = await s.create({ credentials: { apiKey: 'good' } });
    const id = created.body.id;
    await s.waitForOnboarding(id, { step: 'configure', state: 'waiting' });
    expect((await s.api(`/v1/connections/${id}`, { method: 'DELETE' }, otherTenant)).status).toBe(404);
    const deleted = await s.api(`/v1/connections/${id}`, { method: 'DELETE' });
    expect(deleted.body.status).toBe('disconnected');
    const handle = stack.temporal.client.workflow.getHandle(`onboarding:${id}`);
    await waitFor('workflow cancelled', async () => (await handle.describe()).status.name === 'CANCELLED');
    const row = await stack.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'disconnected', credentials_encrypted: null });
    expect((await s.put(id, 'config', { workspace: 'ws-1' })).status).toBe(409);
    await captureHistory(stack.temporal.client, 'v2-workspace-cancelled', `onboarding:${id}`);
    await captureHistory(stack.temporal.client, 'local-workspace-cancelled', `onboarding:${id}`);
  });

  it('disconnects cleanly during the credentials wait and the failed wait too', async () => {
    const waitingForCredentials = (await s.create({})).body.id;
    await s.waitForOnboarding(waitingForCredentials, { step: 'connect', state: 'waiting' });
    const waitingAfterFailure = (await s.create({ credentials: { apiKey: 'invalid' }, config: { workspace: 'ws-1' } })).body.id;
    await s.waitForOnboarding(waitingAfterFailure, { status: 'failed' });
    for (const id of [waitingForCredentials, waitingAfterFailure]) {
      expect((await s.api(`/v1/connections/${id}`, { method: 'DELETE' })).body.status).toBe('disconnected');
      const handle = stack.temporal.client.workflow.getHandle(`onboarding:${id}`);
      await waitFor(`onboarding of ${id} cancelled`, async () => (await handle.describe()).status.name === 'CANCELLED');
      const row = await stack.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'disconnected', credentials_encrypted: null });
      expect((await s.retry(id)).status).toBe(409);
    }
  });

  it('disconnecting an active connection removes its schedule and keeps its history', async () => {
    const created = await s.api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    const id = created.body.id;
    await waitFor('first sync', async () => {
      const { body } = await s.api(`/v1/connections/${id}`);
      return body.sync.lastStatus === 'succeeded';
    });
    await s.api(`/v1/connections/${id}`, { method: 'DELETE' });
    await expect(stack.temporal.client.schedule.getHandle(`sync:${id}`).describe()).rejects.toThrow(/not found/i);
    const kpis = await s.api<{ items: unknown[] }>(`/v1/kpis?connectionId=${id}`);
    expect(kpis.body.items.length).toBeGreaterThan(0);
  });
});

describe('onboarding waits time out with a reason', () => {
  let s: Awaited<ReturnType<typeof stepsStack>>;
  beforeAll(async () => {
    s = await stepsStack({ configMs: 1_500 });
  });
  afterAll(async () => s?.stack.close());

  it('fails a credentials wait and a config wait, each healed by sending what was missing', async () => {
    const created = await s.create({});
    const id = created.body.id;
    const noCredentials = await s.waitForOnboarding(id, { status: 'failed', step: 'connect' });
    expect(noCredentials.onboarding.lastError).toMatchObject({ code: 'credentials_timeout', hint: expect.stringContaining('PUT /v1/connections/{id}/credentials') });

    await s.put(id, 'credentials', { apiKey: 'good' });
    const noConfig = await s.waitForOnboarding(id, { status: 'failed', step: 'configure' });
    expect(noConfig.onboarding.lastError).toMatchObject({ code: 'config_timeout', message: expect.stringContaining('workspace') });

    const done = await s.put(id, 'config', { workspace: 'ws-1' });
    expect(done.body).toMatchObject({ status: 'active' });
    await captureHistory(s.stack.temporal.client, 'v2-workspace-timeouts-active', `onboarding:${id}`);
  });
});

describe('changes that onboarding is not waiting for answer at once', () => {
  let s: Awaited<ReturnType<typeof stepsStack>>;
  beforeAll(async () => {
    s = await stepsStack();
  });
  afterAll(async () => s?.stack.close());

  // A 200 (not the 202 a request gets when the bound runs out) shows onboarding answered at once.
  it('stores config sent while onboarding waits for credentials, answers that, and uses it once they come', async () => {
    const id = (await s.create({})).body.id;
    await s.waitForOnboarding(id, { step: 'connect', state: 'waiting' });
    const early = await s.put(id, 'config', { workspace: 'ws-1' });
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ status: 'pending', onboarding: { step: 'connect', state: 'waiting' } });

    // The stored config is read by the configure step: no second PUT of it.
    const done = await s.put(id, 'credentials', { apiKey: 'good-key' });
    expect(done.body).toMatchObject({ status: 'active', onboarding: { step: 'done', attempts: 1 } });
    await captureHistory(s.stack.temporal.client, 'v2-prompt-config-before-credentials-active', `onboarding:${id}`);
  });

  it('answers credentials sent while onboarding waits for config with that wait', async () => {
    const id = (await s.create({ credentials: { apiKey: 'first-key' } })).body.id;
    await s.waitForOnboarding(id, { step: 'configure', state: 'waiting' });
    const again = await s.put(id, 'credentials', { apiKey: 'second-key' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'configuring', onboarding: { step: 'configure', state: 'waiting' } });
    expect((await s.put(id, 'config', { workspace: 'ws-2' })).body).toMatchObject({ status: 'active' });
  });

  it('answers 20 concurrent PUTs on one waiting connection, and a correct PUT after them still works', async () => {
    const id = (await s.create({})).body.id;
    await s.waitForOnboarding(id, { step: 'connect', state: 'waiting' });
    // Before onboarding-prompt-updates each of these held one of Temporal's 10 in-flight updates
    // of the workflow forever; the 11th and every later PUT failed with RESOURCE_EXHAUSTED.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => s.put(id, 'config', { workspace: i % 2 ? 'ws-1' : 'ws-2' })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    for (const a of answers) expect(a.body.onboarding).toMatchObject({ step: 'connect', state: 'waiting' });

    await s.put(id, 'config', { workspace: 'ws-1' });
    const done = await s.put(id, 'credentials', { apiKey: 'good-key' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'active', onboarding: { step: 'done' } });
    await captureHistory(s.stack.temporal.client, 'v2-prompt-concurrent-puts-active', `onboarding:${id}`);
  });

  it('answers an overlapping change 202 while onboarding is busy with an earlier one, and answers both', async () => {
    const id = (await s.create({ config: { workspace: 'ws-1' } })).body.id;
    await s.waitForOnboarding(id, { step: 'connect', state: 'waiting' });
    // flaky-3: the connection test fails three times and is retried, so onboarding stays busy a while.
    const first = s.put(id, 'credentials', { apiKey: 'flaky-3' });
    await s.waitForOnboarding(id, { step: 'test', state: 'running' });
    const overlapping = await s.put(id, 'credentials', { apiKey: 'flaky-3' });
    expect(overlapping.status).toBe(202);
    expect(overlapping.body).toMatchObject({ status: 'testing', onboarding: { step: 'test', state: 'running' } });
    expect((await first).status).toBe(200);
    await s.waitForOnboarding(id, { status: 'active' });
  });

  it('refuses to rename a disconnected connection, like every other change to it', async () => {
    const id = (await s.create({ name: 'Before' })).body.id;
    await s.api(`/v1/connections/${id}`, { method: 'DELETE' });
    const renamed = await s.api<{ detail: string }>(`/v1/connections/${id}`, { method: 'PATCH', body: JSON.stringify({ name: 'After' }) });
    expect(renamed.status).toBe(409);
    expect(renamed.body.detail).toMatch(/disconnected; create a new one/);
    expect((await s.api(`/v1/connections/${id}`)).body).toMatchObject({ name: 'Before', status: 'disconnected' });
  });
});
