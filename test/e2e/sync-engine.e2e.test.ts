import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { createSyncSchedules } from '../../platform/sync-schedules.js';
import { syncScheduleId, workflowTypes } from '../../workflows/definitions.js';
import { captureHistory } from '../helpers/histories.js';
import { syncHelpers, type SyncRun } from '../helpers/sync-helpers.js';
import { startMetricsStack } from '../helpers/metrics-stack.js';
import type { TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';
import { dailyVisits, type MetricsReplica } from '../replicas/metrics-server.js';

const key = 'sync-client-key-000000000001';
const otherTenant = 'sync-other-key-0000000000002';


describe('sync engine (metrics replica, real Temporal schedules and Postgres)', () => {
  let replica: MetricsReplica;
  let stack: TestStack;

  beforeAll(async () => {
    ({ replica, stack } = await startMetricsStack({
      apiKeys: [
        { key, tenant: 'acme', role: 'client' },
        { key: otherTenant, tenant: 'globex', role: 'client' },
      ],
      failuresBeforeError: 2,
    }));
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit, as = key) => stack.api<T>(as, path, init);
  const { runs, waitForRuns, kpiRows, afterLastRunSecond, syncNow } = syncHelpers(() => stack, key);


  async function activeConnection(body: Record<string, unknown> = {}): Promise<string> {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'replica-metrics', credentials: { apiKey: 'good-key' }, ...body }),
    });
    expect(created.status).toBe(201);
    await waitForRuns(created.body.id, 1);
    return created.body.id;
  }

  it('writes the same window twice as the same rows, and lists runs newest first', async () => {
    const id = await activeConnection({ initialHistoryDays: 3 });
    const first = await kpiRows(id);
    expect(new Set(first.map((r) => r.period_start)).size).toBe(4); // 3 past days + today
    const today = new Date().toISOString().slice(0, 10);
    expect(first.find((r) => r.period_start === today && r.kpi_key === 'website_traffic')?.value).toBe(dailyVisits(today).visits);

    await syncNow(id);
    const after = await waitForRuns(id, 2);
    expect(await kpiRows(id)).toEqual(first);
    expect(after.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(Number(after[0]!.id)).toBeGreaterThan(Number(after[1]!.id));
    // The second run starts at the day of the last good sync: today only, written again.
    expect(after[0]!.window.from.slice(0, 10)).toBe(today);

    const pageOne = await api<{ items: SyncRun[]; nextCursor: string }>(`/v1/connections/${id}/syncs?limit=1`);
    const pageTwo = await api<{ items: SyncRun[]; nextCursor: null }>(`/v1/connections/${id}/syncs?limit=1&cursor=${pageOne.body.nextCursor}`);
    expect([pageOne.body.items[0]!.id, pageTwo.body.items[0]!.id]).toEqual(after.map((r) => r.id));
    expect(pageTwo.body.nextCursor).toBeNull();
    expect((await api(`/v1/connections/${id}/syncs`, {}, otherTenant)).status).toBe(404);
  });

  it('runs a sync-now that arrives while a run is in flight after that run, instead of dropping it', async () => {
    const id = await activeConnection({ initialHistoryDays: 0 });
    replica.delayMs = 10_000;
    const arrived = replica.nextCall();
    await syncNow(id);
    await arrived; // the second run is now at the vendor, for ten seconds
    await syncNow(id);
    replica.delayMs = 0;
    const done = await waitForRuns(id, 3);
    expect(done.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const [buffered, inFlight] = await stack.db
      .selectFrom('sync_runs')
      .select(['started_at', 'finished_at'])
      .where('connection_id', '=', id)
      .orderBy('id', 'desc')
      .limit(2)
      .execute();
    expect(buffered!.started_at.getTime()).toBeGreaterThanOrEqual(inFlight!.finished_at!.getTime());
  });

  it('tells apart the runs of a sync-now sent in the second a run started: each names its workflow id and run id', async () => {
    const id = await activeConnection({ initialHistoryDays: 0 });
    await afterLastRunSecond(id);
    // Early in a fresh second, so both triggers land in it (the schedule names runs by the second).
    await waitFor('the start of a second', async () => Date.now() % 1000 < 200);
    const answers = await Promise.all([0, 1].map(() => api(`/v1/connections/${id}/sync`, { method: 'POST' })));
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    // The second trigger is merged into the first run or runs after it (same workflow id, its own
    // run id): wait until the schedule runs and holds nothing and has started at least one run more.
    const schedule = stack.temporal.client.schedule.getHandle(syncScheduleId(id));
    const started = await waitFor('the schedule to settle', async () => {
      const description = await schedule.describe();
      const settled = description.info.runningActions.length === 0 && Number(description.raw.info?.bufferSize ?? 0) === 0;
      return settled && description.info.recentActions.length >= 2 ? description.info.recentActions : undefined;
    });
    const listed = await waitFor('every started run recorded as finished', async () => {
      const items = await runs(id);
      return items.length >= started.length && items.every((r) => r.status !== 'running') ? items : undefined;
    });
    const pairs = listed.map((r) => `${r.workflowId} ${r.workflowRunId}`);
    expect(new Set(pairs).size).toBe(listed.length);
    for (const action of started) expect(pairs).toContain(`${action.action.workflow.workflowId} ${action.action.workflow.firstExecutionRunId}`);
    // Each names its own Temporal run.
    for (const run of listed) {
      const description = await stack.temporal.client.workflow.getHandle(run.workflowId, run.workflowRunId).describe();
      expect(description.runId).toBe(run.workflowRunId);
    }
  });

  it('waits at least Retry-After before calling a rate-limited vendor again', async () => {
    const id = await activeConnection({ initialHistoryDays: 0 });
    const callsBefore = replica.calls.length;
    replica.failNext(429, { retryAfterSeconds: 2 });
    await syncNow(id);
    const done = await waitForRuns(id, 2);
    expect(done[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    const [limited, next] = replica.calls.slice(callsBefore);
    expect(limited!.status).toBe(429);
    expect(next!.status).toBe(200);
    expect(next!.at - limited!.at).toBeGreaterThanOrEqual(2_000);
    const run = await stack.db.selectFrom('sync_runs').select(['workflow_id', 'workflow_run_id']).where('id', '=', done[0]!.id).executeTakeFirstOrThrow();
    await captureHistory(stack.temporal.client, 'sync-rate-limited-then-succeeded', run.workflow_id, run.workflow_run_id);
    await captureHistory(stack.temporal.client, 'sync-one-activity-rate-limited', run.workflow_id, run.workflow_run_id);
  });

  it('records a run with no data where there was data as empty, not as a success', async () => {
    const id = await activeConnection({ initialHistoryDays: 1 });
    replica.empty = true;
    try {
      await syncNow(id);
      const done = await waitForRuns(id, 2);
      expect(done[0]!.status).toBe('empty');
      const connection = (await api(`/v1/connections/${id}`)).body;
      expect(connection.sync.lastStatus).toBe('empty');
      expect(connection.sync.lastError).toMatchObject({ code: 'empty', hint: expect.any(String) });
    } finally {
      replica.empty = false;
    }
  });

  it('shows error after N failed runs in a row, and heals on the next good run (retry syncs now)', async () => {
    const id = await activeConnection({ initialHistoryDays: 0 });
    replica.failNext(503, { times: 10 }); // two runs × five tries
    await syncNow(id);
    const [failed] = await waitForRuns(id, 2, 150_000);
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'active', sync: { consecutiveFailures: 1, lastStatus: 'failed' } });
    const failedRun = await stack.db.selectFrom('sync_runs').select(['workflow_id', 'workflow_run_id']).where('id', '=', failed!.id).executeTakeFirstOrThrow();
    await captureHistory(stack.temporal.client, 'sync-one-activity-failed', failedRun.workflow_id, failedRun.workflow_run_id);
    await syncNow(id);
    await waitForRuns(id, 3, 150_000);
    const failing = (await api(`/v1/connections/${id}`)).body;
    expect(failing).toMatchObject({ status: 'error', sync: { consecutiveFailures: 2, lastError: { code: 'provider_unavailable' } } });

    await afterLastRunSecond(id);
    const retried = await api(`/v1/connections/${id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    await waitForRuns(id, 4, 150_000);
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'active', sync: { consecutiveFailures: 0, lastStatus: 'succeeded', lastError: null } });
  }, 600_000);

  it('keeps a token the vendor echoes in an error out of the run, the connection and Temporal', async () => {
    replica.validKeys.add('echoed-secret-token-123');
    const id = await activeConnection({ initialHistoryDays: 0, credentials: { apiKey: 'echoed-secret-token-123' } });
    replica.failNext(400);
    await syncNow(id);
    const [failed] = await waitForRuns(id, 2);
    expect(failed!.status).toBe('failed');
    const run = await stack.db.selectFrom('sync_runs').selectAll().where('id', '=', failed!.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(run.error)).toContain('[redacted]');
    expect(JSON.stringify(run.error)).not.toContain('echoed-secret-token-123');
    const history = await stack.temporal.client.workflow.getHandle(run.workflow_id, run.workflow_run_id).fetchHistory();
    expect(JSON.stringify(history)).not.toContain('echoed-secret-token-123');
    expect(JSON.stringify((await api(`/v1/connections/${id}`)).body)).not.toContain('echoed-secret-token-123');
  });

  it('pauses the schedule on revoked credentials and says so; new credentials and retry bring it back', async () => {
    replica.validKeys.add('soon-revoked');
    const id = await activeConnection({ initialHistoryDays: 0, credentials: { apiKey: 'soon-revoked' } });
    replica.validKeys.delete('soon-revoked');
    await syncNow(id);
    await waitForRuns(id, 2);
    // The run, the connection and the schedule are three writes: wait until all show it.
    const broken = await waitFor('the connection in error with its schedule paused', async () => {
      const { body } = await api(`/v1/connections/${id}`);
      return body.sync.paused && body.status === 'error' ? body : undefined;
    });
    expect(broken).toMatchObject({ status: 'error', sync: { paused: true, lastError: { code: 'auth_failed' } } });
    const schedule = await stack.temporal.client.schedule.getHandle(`sync:${id}`).describe();
    expect(schedule.state.paused).toBe(true);

    await api(`/v1/connections/${id}/credentials`, { method: 'PUT', body: JSON.stringify({ credentials: { apiKey: 'good-key' } }) });
    await afterLastRunSecond(id);
    await api(`/v1/connections/${id}/retry`, { method: 'POST' });
    await waitForRuns(id, 3);
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'active', sync: { paused: false, lastStatus: 'succeeded' } });
  });

  it('backfills 30 days in chunks: 30 periods per KPI, progress visible, idempotent', async () => {
    const id = await activeConnection({ initialHistoryDays: 0 });
    const started = await api<{ id: string; chunksTotal: number; status: string }>(`/v1/connections/${id}/backfill`, {
      method: 'POST',
      body: JSON.stringify({ from: '2026-01-01', to: '2026-01-30' }),
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ chunksTotal: 5, status: 'running' });
    const done = await waitFor('backfill done', async () => {
      const { body } = await api<{ items: { status: string; chunksDone: number; kpisWritten: number }[] }>(`/v1/connections/${id}/backfills`);
      return body.items[0]?.status === 'succeeded' ? body.items[0] : undefined;
    });
    expect(done).toMatchObject({ chunksDone: 5, kpisWritten: 60 });
    const inRange = (await kpiRows(id)).filter((r) => r.period_start >= '2026-01-01' && r.period_start <= '2026-01-30');
    expect(inRange.filter((r) => r.kpi_key === 'website_traffic')).toHaveLength(30);
    expect(inRange.filter((r) => r.kpi_key === 'conversion_rate')).toHaveLength(30);
    expect((await runs(id)).filter((r) => r.kind === 'backfill')).toHaveLength(5);
    await captureHistory(stack.temporal.client, 'backfill-chunk-activity-30-days', `backfill:${started.body.id}`);

    // A long range continues as new every 10 chunks, so no single history grows without bound.
    const long = await api<{ id: string; chunksTotal: number }>(`/v1/connections/${id}/backfill`, {
      method: 'POST',
      body: JSON.stringify({ from: '2025-01-01', to: '2025-03-31' }),
    });
    expect(long.body.chunksTotal).toBe(13);
    await waitFor('long backfill done', async () => {
      const { body } = await api<{ items: { id: string; status: string; chunksDone: number }[] }>(`/v1/connections/${id}/backfills`);
      const mine = body.items.find((b) => b.id === long.body.id);
      return mine?.status === 'succeeded' && mine.chunksDone === 13;
    });
    // Two executions of one workflow id: the first continued as new (visibility lags a little).
    await waitFor('two backfill executions', async () => {
      const executions: string[] = [];
      for await (const execution of stack.temporal.client.workflow.list({ query: `WorkflowId = "backfill:${long.body.id}"` })) {
        executions.push(execution.status.name);
      }
      return executions.sort().join() === 'COMPLETED,CONTINUED_AS_NEW';
    });
    const quarter = (await kpiRows(id)).filter((r) => r.period_start >= '2025-01-01' && r.period_start <= '2025-03-31');
    expect(quarter.filter((r) => r.kpi_key === 'website_traffic')).toHaveLength(90);

    const bad = await api<{ errors: { field: string }[] }>(`/v1/connections/${id}/backfill`, { method: 'POST', body: JSON.stringify({ from: '2026-02-01', to: '2026-01-01' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.field).toBe('body.from');
  });

  it('repairs drift between schedules and connections in both directions', async () => {
    const schedules = createSyncSchedules(stack.temporal.client, stack.config.taskQueue);
    const lost = await activeConnection({ initialHistoryDays: 0 });
    const wronglyPaused = await activeConnection({ initialHistoryDays: 0 });
    const gone = await activeConnection({ initialHistoryDays: 0 });
    const orphan = randomUUID();

    await schedules.remove(lost); // an active connection without a schedule
    await schedules.pause(wronglyPaused, 'drift made by hand'); // intended: running
    await stack.db.updateTable('connections').set({ status: 'disconnected' }).where('id', '=', gone).execute();
    await schedules.ensure(orphan, { intervalMinutes: 60, triggerImmediately: false }); // no such connection

    // Schedule listing is eventually consistent: run until every drift has been seen and fixed.
    const seen = new Set<string>();
    await waitFor('every drift repaired', async () => {
      const repairs = await stack.temporal.client.workflow.execute(workflowTypes.reconciler, {
        taskQueue: stack.config.taskQueue,
        workflowId: `reconcile-test-${randomUUID()}`,
        args: [],
      });
      for (const r of repairs as { connectionId: string; repair: string }[]) seen.add(`${r.repair}:${r.connectionId}`);
      return ['created:' + lost, 'unpaused:' + wronglyPaused, 'deleted:' + gone, 'deleted:' + orphan].every((k) => seen.has(k));
    });

    expect((await schedules.describe(lost))?.paused).toBe(false);
    expect((await schedules.describe(wronglyPaused))?.paused).toBe(false);
    expect(await schedules.describe(gone)).toBeNull();
    expect(await schedules.describe(orphan)).toBeNull();
  });
});
