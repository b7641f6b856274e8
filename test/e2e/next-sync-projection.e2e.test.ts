import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import type { ConnectionView } from '../../api/schemas.js';
import { createApiDeps } from '../../runtime/compose.js';
import { workflowTypes } from '../../workflows/definitions.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { connectTestTemporal, waitFor } from '../helpers/temporal.js';

const key = 'next-sync-client-key-00000001';
/** Jitter makes the next time differ from a round interval, not from what the schedule itself says. */
const TOLERANCE_MS = 5_000;
/** A one-minute interval has 6 s of jitter; the run then takes a moment to record itself. */
const ONE_INTERVAL_AND_JITTER = 75_000;

/**
 * `sync.nextSyncAt` is the schedule's next action time kept in Postgres. Changes go through the
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
    reader = await buildApp(createApiDeps({ config: stack.config, db: stack.db, client: closed.client }), { logger: false });
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
  /** The API's answer and the schedule's own description agree. */
  const expectAgrees = async (view: ConnectionView) => {
    const { paused, next } = await scheduleNext(view.id);
    expect(paused).toBe(false);
    expect(view.sync.paused).toBe(false);
    expect(view.sync.nextSyncAt).not.toBeNull();
    expect(Math.abs(Date.parse(view.sync.nextSyncAt!) - next)).toBeLessThanOrEqual(TOLERANCE_MS);
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
});
