import { ScheduleOverlapPolicy } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureHistory } from '../helpers/histories.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import type { ConnectionView } from '../../domain/connection.js';

/**
 * End to end over real HTTP on 127.0.0.1: the API and a worker in this process, a real
 * Temporal dev server and a real Postgres, the demo provider doing the provider's part.
 */
describe('onboarding end to end (real HTTP, worker, Temporal, Postgres)', () => {
  const apiKey = 'e2e-client-key-0000000000001';
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ config: () => ({ apiKeys: [{ key: apiKey, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => stack?.close());

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(apiKey, path, init);
  const createDemo = (apiKeyValue: string) =>
    api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'demo', config: { site: 'e2e' }, credentials: { apiKey: apiKeyValue } }),
    });
  const waitForStatus = (id: string, status: string, extra: (c: ConnectionView) => boolean = () => true) =>
    waitFor(`connection ${id} to be ${status}`, async () => {
      const { body } = await api(`/v1/connections/${id}`);
      return body.status === status && extra(body) ? body : undefined;
    });

  it('takes a demo connection to active, with a sync schedule and KPIs readable', async () => {
    const created = await createDemo('demo-key-1');
    expect(created.status).toBe(201);
    const id = created.body.id;

    const active = await waitForStatus(id, 'active', (c) => c.sync.lastStatus === 'succeeded');
    expect(active.onboarding).toMatchObject({ step: 'done', state: 'completed', attempts: 1, lastError: null });
    expect(active.sync.lastSyncAt).not.toBeNull();
    expect(active.sync.nextSyncAt).not.toBeNull();

    const schedule = await stack.temporal.client.schedule.getHandle(`sync:${id}`).describe();
    expect(schedule.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(schedule.spec.intervals?.[0]?.every).toBe(60 * 60_000);
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'syncWorkflow', taskQueue: stack.config.taskQueue });

    // The first sync covers the initial history: 7 past days plus today, three KPIs a day.
    const latest = await api<{ items: { key: string }[] }>(`/v1/kpis/latest?connectionId=${id}`);
    expect(latest.body.items.map((k) => k.key).sort()).toEqual(['conversion_rate', 'revenue', 'website_traffic']);
    const all = await api<{ items: unknown[] }>(`/v1/kpis?connectionId=${id}&limit=1000`);
    expect(all.body.items).toHaveLength(8 * 3);

    const runs = await stack.db.selectFrom('sync_runs').selectAll().where('connection_id', '=', id).execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded', kpis_written: 24 });

    await captureHistory(stack.temporal.client, 'v2-apikey-active', `onboarding:${id}`);
    await captureHistory(stack.temporal.client, 'sync-succeeded', runs[0]!.workflow_id, runs[0]!.workflow_run_id);
    await captureHistory(stack.temporal.client, 'local-apikey-active', `onboarding:${id}`);
    await captureHistory(stack.temporal.client, 'sync-one-activity-succeeded', runs[0]!.workflow_id, runs[0]!.workflow_run_id);
  });

  it('onboards with one round trip to the task queue (the provider test) and syncs with one (runSync)', async () => {
    const id = (await createDemo('demo-key-shape')).body.id;
    await waitForStatus(id, 'active', (c) => c.sync.lastStatus === 'succeeded');
    const run = await stack.db.selectFrom('sync_runs').select(['workflow_id', 'workflow_run_id']).where('connection_id', '=', id).executeTakeFirstOrThrow();
    const shape = async (workflowId: string, runId?: string) => {
      const handle = stack.temporal.client.workflow.getHandle(workflowId, runId);
      await handle.result();
      const { events } = await handle.fetchHistory();
      return {
        activities: (events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []),
        workflowTasks: (events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes).length,
      };
    };
    // Bookkeeping runs as local activities inside the workflow tasks; KPI points never enter history.
    expect(await shape(`onboarding:${id}`)).toEqual({ activities: ['testConnection'], workflowTasks: 2 });
    expect(await shape(run.workflow_id, run.workflow_run_id)).toEqual({ activities: ['runSync'], workflowTasks: 2 });
  });

  it('fails onboarding with a readable reason for a bad key, and starts no schedule', async () => {
    const created = await createDemo('invalid-key');
    const failed = await waitForStatus(created.body.id, 'failed');
    expect(failed.onboarding).toMatchObject({ step: 'test', state: 'failed', attempts: 1 });
    expect(failed.onboarding.lastError).toEqual({
      code: 'auth_failed',
      message: 'The demo API rejected the API key.',
      hint: expect.stringMatching(/PUT \/v1\/connections\/\{id\}\/credentials/),
      // The provider's words for the end user travel beside the hint (issue 22).
      userMessage: 'The demo service did not accept this API key. Enter any key that does not start with “invalid”.',
    });
    await expect(stack.temporal.client.schedule.getHandle(`sync:${created.body.id}`).describe()).rejects.toThrow(/not found/i);
    await captureHistory(stack.temporal.client, 'v2-apikey-failed-waiting', `onboarding:${created.body.id}`);
    await captureHistory(stack.temporal.client, 'local-apikey-failed-waiting', `onboarding:${created.body.id}`);
  });

  it('rides out transient provider failures through Temporal retries', async () => {
    const created = await createDemo('flaky-1');
    const active = await waitForStatus(created.body.id, 'active', (c) => c.sync.lastStatus === 'succeeded');
    expect(active.onboarding.attempts).toBe(1);
    expect(active.onboarding.lastError).toBeNull();
    await captureHistory(stack.temporal.client, 'v2-apikey-flaky-active', `onboarding:${created.body.id}`);
  });
});
