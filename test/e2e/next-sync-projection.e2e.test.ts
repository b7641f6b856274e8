import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import type { ConnectionView } from '../../domain/connection.js';
import { createApiDeps } from '../../wiring/compose.js';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { ActivityDeps } from '../../activities/deps.js';
import { reconcileActivities, type Repair } from '../../activities/reconcile.js';
import { createSyncSchedules, type SyncSchedules } from '../../platform/sync-schedules.js';
import { nextScheduledSync } from '../../domain/next-sync.js';
import { workflowTypes } from '../../workflows/definitions.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { connectTestTemporal, waitFor } from '../helpers/temporal.js';

const key = 'next-sync-client-key-00000001';
/** A one-minute interval; the run then takes a moment to record itself. */
const ONE_INTERVAL_AND_JITTER = 75_000;

/**
 * `sync.nextSyncAt` is the schedule's next action time kept in Postgres, computed from the
 * schedule's spec: it must be exactly what Temporal itself says. Changes go through the
 * full stack; reads go through a second API whose Temporal client is closed, so every answer
 * below comes from the row and any Temporal call on the read path would show as a failure.
 */
describe('nextSyncAt: the schedule projected into Postgres, read without Temporal', () => {
  let stack: TestStack;
  let reader: FastifyInstance;

  beforeAll(async () => {
    stack = await startTestStack({ config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
    const closed = await connectTestTemporal();
    await closed.close();
    reader = await buildApp(createApiDeps({ config: stack.config, db: stack.db, databaseUrl: stack.databaseUrl, client: closed.client }), { logger: false });
  });
  afterAll(async () => {
    await reader?.close();
    await stack?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const read = async (id: string) => {
    const res = await reader.inject({ method: 'GET', url: `/v1/connections/${id}`, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode).toBe(200);
    return res.json<ConnectionView>();
  };
  const scheduleNext = async (id: string) => {
    const schedule = await stack.temporal.client.schedule.getHandle(`sync:${id}`).describe();
    return { paused: schedule.state.paused, next: schedule.info.nextActionTimes[0]!.getTime() };
  };
  /** The API's answer and the schedule's own description agree, to the millisecond. */
  const expectAgrees = async (view: ConnectionView) => {
    const { paused, next } = await scheduleNext(view.id);
    expect(paused).toBe(false);
    expect(view.sync.paused).toBe(false);
    expect(view.sync.nextSyncAt).toBe(new Date(next).toISOString());
    return Date.parse(view.sync.nextSyncAt!);
  };
  const finishedRuns = async (id: string) =>
    (await stack.db.selectFrom('sync_runs').select('id').where('connection_id', '=', id).where('status', '!=', 'running').execute()).length;

  it('follows the schedule through activation, a scheduled run, pause, resume, interval change and disconnect', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // Activation: the first run (triggered at once) has recorded itself.
    await waitFor('activation and the first run', async () => (await finishedRuns(id)) === 1 && (await read(id)).status === 'active');
    await expectAgrees(await read(id));

    const patched = await api(`/v1/connections/${id}`, { method: 'PATCH', body: JSON.stringify({ syncIntervalMinutes: 1 }) });
    expect(patched.status).toBe(200);
    const onNewInterval = await expectAgrees(patched.body);
    expect(onNewInterval - Date.now()).toBeLessThanOrEqual(ONE_INTERVAL_AND_JITTER);
    await expectAgrees(await read(id));

    // The schedule's own run: once it has recorded itself, the row shows the time after it.
    await waitFor('a scheduled run', async () => (await finishedRuns(id)) === 2, ONE_INTERVAL_AND_JITTER + 60_000);
    const afterRun = await expectAgrees(await read(id));
    expect(afterRun).toBeGreaterThan(onNewInterval);

    const paused = await api(`/v1/connections/${id}/pause`, { method: 'POST' });
    expect(paused.body.sync).toMatchObject({ paused: true, nextSyncAt: null });
    expect((await read(id)).sync).toMatchObject({ paused: true, nextSyncAt: null });
    expect((await scheduleNext(id)).paused).toBe(true);

    const resumed = await api(`/v1/connections/${id}/resume`, { method: 'POST' });
    await expectAgrees(resumed.body);
    await expectAgrees(await read(id));

    const slower = await api(`/v1/connections/${id}`, { method: 'PATCH', body: JSON.stringify({ syncIntervalMinutes: 120 }) });
    const onSlower = await expectAgrees(slower.body);
    expect(onSlower - Date.now()).toBeGreaterThan(ONE_INTERVAL_AND_JITTER);
    await expectAgrees(await read(id));

    const gone = await api(`/v1/connections/${id}`, { method: 'DELETE' });
    expect(gone.body.sync.nextSyncAt).toBeNull();
    expect((await read(id)).sync.nextSyncAt).toBeNull();
  }, 300_000);

  it('answers GET and the list from the row alone, Temporal unreachable', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    const id = created.body.id;
    await waitFor('activation', async () => (await read(id)).status === 'active');
    const row = await stack.db.selectFrom('connections').select('next_sync_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.next_sync_at).not.toBeNull();

    const one = await read(id);
    expect(one.sync.nextSyncAt).toBe(row.next_sync_at!.toISOString());
    const list = await reader.inject({ method: 'GET', url: '/v1/connections?limit=1000', headers: { authorization: `Bearer ${key}` } });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: ConnectionView[] }>().items.find((c) => c.id === id)?.sync.nextSyncAt).toBe(row.next_sync_at!.toISOString());
  });

  it('fills a missing or past nextSyncAt when the reconciler passes (rows from before the column)', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    const missing = created.body.id;
    const past = (await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) })).body.id;
    await waitFor('both active', async () => (await read(missing)).status === 'active' && (await read(past)).status === 'active');
    await stack.db.updateTable('connections').set({ next_sync_at: null }).where('id', '=', missing).execute();
    await stack.db.updateTable('connections').set({ next_sync_at: new Date(Date.now() - 3_600_000) }).where('id', '=', past).execute();

    // One pass repairs both (the worker's own reconciler schedule may do it too: the outcome is what counts).
    await stack.temporal.client.workflow.execute(workflowTypes.reconciler, {
      taskQueue: stack.config.taskQueue,
      workflowId: `reconcile-test-${randomUUID()}`,
      args: [],
    });
    await expectAgrees(await read(missing));
    await expectAgrees(await read(past));
  });

  it('repairs a future nextSyncAt that is not the next run of the schedule\'s spec', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    const id = created.body.id;
    await waitFor('activation and the first run', async () => (await finishedRuns(id)) === 1 && (await read(id)).status === 'active');
    const right = await expectAgrees(await read(id));
    // Still ahead, so nothing but a comparison with the spec can tell it is wrong.
    const wrong = new Date(right + 37 * 60_000);
    await stack.db.updateTable('connections').set({ next_sync_at: wrong }).where('id', '=', id).execute();

    // One pass repairs it (the worker's own reconciler schedule may do it too: the outcome is what counts).
    await stack.temporal.client.workflow.execute(workflowTypes.reconciler, {
      taskQueue: stack.config.taskQueue,
      workflowId: `reconcile-test-${randomUUID()}`,
      args: [],
    });
    expect(await expectAgrees(await read(id))).toBe(right);
  });

  it('resumes the schedule of a connection in error for failed runs at once, and keeps one waiting for re-authorization paused', async () => {
    const make = async () => {
      const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
      await waitFor('activation and the first run', async () => (await finishedRuns(created.body.id)) === 1 && (await read(created.body.id)).status === 'active');
      expect((await api(`/v1/connections/${created.body.id}/pause`, { method: 'POST' })).status).toBe(200);
      return created.body.id;
    };
    const failing = await make();
    const revoked = await make();
    // What repeated failures and a revoked credential leave in the row (the sync engine's tests drive them for real).
    const error = (code: string) => ({ status: 'error' as const, last_sync_error: JSON.stringify({ code, message: 'm', hint: 'h' }) });
    await stack.db.updateTable('connections').set(error('provider_unavailable')).where('id', '=', failing).execute();
    await stack.db.updateTable('connections').set(error('auth_failed')).where('id', '=', revoked).execute();

    const resumed = await api(`/v1/connections/${failing}/resume`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    await expectAgrees(resumed.body);

    const stillWaiting = await api(`/v1/connections/${revoked}/resume`, { method: 'POST' });
    expect(stillWaiting.body.sync).toMatchObject({ paused: true, nextSyncAt: null });
    expect((await scheduleNext(revoked)).paused).toBe(true);
  });

  it('puts a schedule made with jitter (before the computed nextSyncAt) back on the spec the row assumes', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    const id = created.body.id;
    await waitFor('activation and the first run', async () => (await finishedRuns(id)) === 1 && (await read(id)).status === 'active');
    // As schedules were made before: every hour on the round hour, with 6 minutes of jitter.
    await stack.temporal.client.schedule
      .getHandle(`sync:${id}`)
      .update((previous) => ({ ...previous, spec: { intervals: [{ every: '60 minutes' }], jitter: '6 minutes' } }));
    await stack.db.updateTable('connections').set({ next_sync_at: new Date(Date.now() - 60_000) }).where('id', '=', id).execute();

    // The reconciler finds schedules through the list (visibility), which may show the old spec
    // a moment after the change: passes until one has seen and repaired it (the worker's own
    // reconciler schedule may do it too: the outcome is what counts).
    const spec = async () => (await stack.temporal.client.schedule.getHandle(`sync:${id}`).describe()).spec;
    await waitFor('the reconciler re-specifies the schedule', async () => {
      await stack.temporal.client.workflow.execute(workflowTypes.reconciler, { taskQueue: stack.config.taskQueue, workflowId: `reconcile-test-${randomUUID()}`, args: [] });
      return ((await spec()).jitter ?? 0) === 0;
    });
    expect((await spec()).intervals).toEqual([syncScheduleSpecMs(id, 60)]);
    await expectAgrees(await read(id));
  });
  it('never undoes a pause that a run makes while the reconciler reads: it reads the rows after the schedules', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    const id = created.body.id;
    // Activation's first sync recorded: a good run heals `error`, which would blur what this shows.
    await waitFor('activation and its first sync', async () => (await read(id)).sync.lastStatus === 'succeeded');
    const real = createSyncSchedules(stack.temporal.client, stack.config.taskQueue);
    // While the reconciler lists the schedules, a run meets revoked credentials: it pauses the
    // schedule and marks the connection, as recordFinish does.
    const schedules: SyncSchedules = {
      ...real,
      async list() {
        await real.pause(id, 'paused by Onramp: auth_failed');
        await stack.db
          .updateTable('connections')
          .set({ status: 'error', last_sync_error: JSON.stringify({ code: 'auth_failed', message: 'revoked', hint: 'reconnect' }) })
          .where('id', '=', id)
          .execute();
        return waitFor('the list to show the pause', async () => {
          const listed = await real.list();
          return listed.find((s) => s.connectionId === id)?.paused ? listed : undefined;
        });
      },
    };
    const deps = { db: stack.db, schedules, clock: () => new Date() } as unknown as ActivityDeps;
    const repairs = (await new MockActivityEnvironment().run(() => reconcileActivities(deps).reconcileSchedules())) as Repair[];
    expect(repairs.filter((r) => r.connectionId === id && r.repair === 'unpaused'), JSON.stringify(repairs)).toEqual([]);
    expect((await scheduleNext(id)).paused).toBe(true);
  });
});

/** The spec Onramp gives a connection, as Temporal describes it (milliseconds). */
function syncScheduleSpecMs(connectionId: string, intervalMinutes: number) {
  const next = nextScheduledSync(connectionId, intervalMinutes, new Date(0));
  return { every: intervalMinutes * 60_000, offset: next.getTime() % (intervalMinutes * 60_000) };
}
