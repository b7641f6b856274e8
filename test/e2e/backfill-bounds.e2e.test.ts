import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { captureHistory } from '../helpers/histories.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { waitFor } from '../helpers/temporal.js';
import { backfillTaskQueue, backfillWorkflowId, workflowTypes, type BackfillInput } from '../../workflows/definitions.js';
import { replicaMetricsProvider } from '../providers/test-providers.js';
import { startMetricsReplica, type MetricsReplica } from '../replicas/metrics-server.js';

const key = 'backfill-client-key-000000001';

type Backfill = { id: string; status: string; chunksDone: number; chunksTotal: number; kpisWritten: number };
type Problem = { type: string; detail: string; errors?: { field: string; message: string }[] };

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('backfills: bounded, one at a time, cancellable, and never in the way of scheduled syncs', () => {
  let replica: MetricsReplica;
  let stack: TestStack;

  beforeAll(async () => {
    replica = await startMetricsReplica();
    for (const k of ['good-key', 'hanging-key-1', 'hanging-key-2']) replica.validKeys.add(k);
    const providers = createProviderRegistry([...builtInProviders, replicaMetricsProvider], {
      endpointOverrides: { ONRAMP_ENDPOINT_REPLICA_METRICS_API: replica.url },
    });
    stack = await startTestStack({
      providers,
      // Two slots for everything else, two for backfills: the fairness test fills the latter.
      workerSlots: { activities: 2, backfillActivities: 2 },
      config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }),
    });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const { waitForRuns, runs, syncNow } = syncHelpers(() => stack, key);
  const backfill = (id: string, from: string, to: string) =>
    api<Backfill & Problem>(`/v1/connections/${id}/backfill`, { method: 'POST', body: JSON.stringify({ from, to }) });
  const backfillState = async (id: string, backfillId: string) => (await api<Backfill>(`/v1/connections/${id}/backfills/${backfillId}`)).body;

  async function activeConnection(apiKey: string): Promise<string> {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'replica-metrics', credentials: { apiKey }, initialHistoryDays: 0 }),
    });
    expect(created.status).toBe(201);
    await waitForRuns(created.body.id, 1);
    return created.body.id;
  }

  it('refuses a range beyond what the provider serves, or in the future, with a 400 naming each field', async () => {
    const id = await activeConnection('good-key');
    // Years no API serves are refused by the date schema itself.
    const absurd = await backfill(id, '0001-01-01', '9999-12-31');
    expect(absurd.status).toBe(400);
    expect(absurd.body.errors?.map((e) => e.field)).toEqual(['body.from', 'body.to']);
    // Within it, the provider's own history bounds: the test provider documents three years, like PayPal.
    const unbounded = await backfill(id, '2001-01-01', '2099-12-31');
    expect(unbounded.status).toBe(400);
    expect(unbounded.body.errors).toEqual([
      { field: 'body.from', message: expect.stringContaining(`must be ${day(-3 * 365)} or later`) },
      { field: 'body.to', message: expect.stringContaining(`must be today (${day(0)}, UTC) or earlier`) },
    ]);
    expect((await backfill(id, day(-3 * 365), day(1))).body.errors?.map((e) => e.field)).toEqual(['body.to']);
    expect((await api<{ items: Backfill[] }>(`/v1/connections/${id}/backfills`)).body.items).toEqual([]);

    // The limit itself is allowed, up to today.
    const widest = await backfill(id, day(-3 * 365), day(0));
    expect(widest.status).toBe(202);
    await api(`/v1/connections/${id}/backfills/${widest.body.id}`, { method: 'DELETE' });
  });

  it('runs one backfill per connection (409 naming it), cancels it on request, and shows its state', async () => {
    const id = await activeConnection('good-key');
    // A connection whose vendor hangs, so the backfill is certainly still running when we act.
    const hanging = await activeConnectionHeldAfterOnboarding('hanging-key-1');
    const first = await backfill(hanging, day(-60), day(-1));
    expect(first.status).toBe(202);
    await waitFor('the first chunk to reach the vendor', async () => replica.waiting >= 1);

    const second = await backfill(hanging, day(-10), day(-1));
    expect(second.status).toBe(409);
    expect(second.body.detail).toContain(first.body.id);
    expect(second.body.detail).toContain('cancel it');
    // Another connection is not held up by this one's backfill.
    expect((await backfill(id, day(-3), day(-1))).status).toBe(202);

    const cancelled = await api<Backfill>(`/v1/connections/${hanging}/backfills/${first.body.id}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: first.body.id, status: 'cancelled', chunksDone: 0 });
    expect(await backfillState(hanging, first.body.id)).toMatchObject({ status: 'cancelled' });
    const again = await api<Problem>(`/v1/connections/${hanging}/backfills/${first.body.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('nothing to cancel');

    // The workflow stops, records the chunk it was on as cancelled, and the row stays cancelled.
    const handle = stack.temporal.client.workflow.getHandle(`backfill:${first.body.id}`);
    await waitFor('the backfill workflow to end cancelled', async () => (await handle.describe()).status.name === 'CANCELLED');
    const chunk = await waitFor('the cancelled chunk to be recorded', async () =>
      (await runs(hanging)).find((r) => r.kind === 'backfill' && r.status === 'failed'),
    );
    expect(chunk.error).toMatchObject({ code: 'cancelled' });
    expect(await backfillState(hanging, first.body.id)).toMatchObject({ status: 'cancelled', chunksDone: 0 });
    await captureHistory(stack.temporal.client, 'backfill-chunk-activity-cancelled', `backfill:${first.body.id}`);

    // Once cancelled, the connection may backfill again.
    replica.release();
    const next = await backfill(hanging, day(-10), day(-1));
    expect(next.status).toBe(202);
    await waitFor('the next backfill to succeed', async () => (await backfillState(hanging, next.body.id)).status === 'succeeded');

    const audit = await api<{ items: { action: string; connectionId: string; outcome: string }[] }>('/v1/audit?limit=100');
    expect(audit.body.items).toContainEqual(expect.objectContaining({ action: 'backfill_cancel', connectionId: hanging, outcome: 'ok' }));
    expect(audit.body.items).toContainEqual(expect.objectContaining({ action: 'backfill_cancel', connectionId: hanging, outcome: 'rejected' }));
  });

  it('keeps scheduled syncs of other connections running while backfills fill every backfill slot', async () => {
    const others = [await activeConnection('good-key'), await activeConnection('good-key')];
    const slow = [await activeConnectionHeldAfterOnboarding('hanging-key-1'), await activeConnectionHeldAfterOnboarding('hanging-key-2')];
    const started = await Promise.all(slow.map(async (id) => (await backfill(id, day(-3 * 365), day(0))).body));
    expect(started.map((b) => b.chunksTotal)).toEqual([157, 157]);
    // Both backfills sit in a vendor call that does not answer: as many as the worker has slots.
    await waitFor('both backfills to hang at the vendor', async () => replica.waiting === 2);

    const abandonedBefore = replica.abandoned;
    const before = await Promise.all(others.map(async (id) => (await runs(id)).length));
    for (const id of others) await syncNow(id);
    await Promise.all(others.map((id, i) => waitForRuns(id, before[i]! + 1)));

    // The syncs finished while both backfills were still in their first chunk, and not because a
    // hanging call gave up and freed a slot: nothing was abandoned.
    expect(replica.abandoned).toBe(abandonedBefore);
    expect(replica.waiting).toBe(2);
    for (const [i, id] of slow.entries()) {
      expect(await backfillState(id, started[i]!.id)).toMatchObject({ status: 'running', chunksDone: 0 });
    }
    for (const [i, id] of slow.entries()) {
      expect((await api<Backfill>(`/v1/connections/${id}/backfills/${started[i]!.id}`, { method: 'DELETE' })).body.status).toBe('cancelled');
    }
    replica.release();
  });

  it('closes a backfill whose workflow is gone or ended without saying so, so the connection is not blocked', async () => {
    const id = await activeConnectionHeldAfterOnboarding('hanging-key-1');
    const cancel = (backfillId: string) => api<Backfill>(`/v1/connections/${id}/backfills/${backfillId}`, { method: 'DELETE' });

    const terminated = (await backfill(id, day(-30), day(-1))).body;
    await stack.temporal.client.workflow.getHandle(`backfill:${terminated.id}`).terminate('by hand');
    expect((await backfill(id, day(-3), day(-1))).status).toBe(409);
    expect((await cancel(terminated.id)).body.status).toBe('cancelled');

    // A row whose workflow Temporal no longer knows (e.g. past the namespace's retention).
    const orphan = randomUUID();
    await stack.db
      .insertInto('backfills')
      .values({ id: orphan, connection_id: id, period_from: day(-3), period_to: day(-1), status: 'running', chunks_total: 1, error: null })
      .execute();
    expect((await backfill(id, day(-3), day(-1))).status).toBe(409);
    const closed = await cancel(orphan);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('cancelled');

    replica.release();
    expect((await backfill(id, day(-3), day(-1))).status).toBe(202);
  });

  it('backfills three years of a demo connection in three year-long chunks, one activity each, progress shown', async () => {
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'demo-backfill' }, initialHistoryDays: 0 }),
    });
    await waitForRuns(created.body.id, 1);
    const id = created.body.id;
    // The demo provider serves a year per call (its callRange), so 1,095 days are three chunks.
    const started = await backfill(id, day(-1094), day(0));
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', chunksTotal: 3, chunksDone: 0 });
    const done = await waitFor('the three-year backfill to succeed', async () => {
      const state = await backfillState(id, started.body.id);
      return state.status === 'succeeded' ? state : undefined;
    });
    expect(done).toMatchObject({ chunksDone: 3, chunksTotal: 3, kpisWritten: 3 * 1095 });
    const traffic = await stack.db
      .selectFrom('kpi_values')
      .select((eb) => eb.fn.countAll<string>().as('days'))
      .where('connection_id', '=', id)
      .where('kpi_key', '=', 'website_traffic')
      .where('period_start', '>=', day(-1094))
      .executeTakeFirstOrThrow();
    expect(Number(traffic.days)).toBe(1095);
    const chunkRuns = (await runs(id)).filter((r) => r.kind === 'backfill');
    expect(chunkRuns.map((r) => [r.status, r.kpisWritten])).toEqual([
      ['succeeded', 3 * 365],
      ['succeeded', 3 * 365],
      ['succeeded', 3 * 365],
    ]);

    // One activity per chunk: fetched and written where it ran, so no points pass through history.
    const history = await stack.temporal.client.workflow.getHandle(`backfill:${started.body.id}`).fetchHistory();
    const activities = (history.events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : []));
    expect(activities).toEqual(['backfillChunk', 'backfillChunk', 'backfillChunk']);
  });

  it('runs a chunk that was already written as a no-op: no second vendor call, run or row', async () => {
    const id = await activeConnection('good-key');
    const from = day(-20);
    const to = day(-1);
    const started = await backfill(id, from, to);
    expect(started.body.chunksTotal).toBe(3);
    await waitFor('the backfill to succeed', async () => (await backfillState(id, started.body.id)).status === 'succeeded');
    // The last chunk marks the row succeeded; the workflow closes a moment later.
    await stack.temporal.client.workflow.getHandle(backfillWorkflowId(started.body.id)).result();
    const first = await backfillState(id, started.body.id);
    const callsBefore = replica.calls.length;
    const runsBefore = (await runs(id)).filter((r) => r.kind === 'backfill');

    // The same backfill's chunks tried again, as after a worker lost each chunk's answer.
    const input: BackfillInput = { backfillId: started.body.id, connectionId: id, from, to, chunkDays: 7 };
    const again = await stack.temporal.client.workflow.execute(workflowTypes.backfill, {
      workflowId: backfillWorkflowId(started.body.id),
      taskQueue: backfillTaskQueue(stack.config.taskQueue),
      args: [input],
    });
    expect(again).toEqual({ chunksDone: 3, chunksTotal: 3, kpisWritten: first.kpisWritten });
    expect(replica.calls.length).toBe(callsBefore);
    expect((await runs(id)).filter((r) => r.kind === 'backfill')).toEqual(runsBefore);
    expect(await backfillState(id, started.body.id)).toEqual(first);
  });

  it('stops at a chunk the vendor refuses: the backfill failed with why and what to do, no chunk started after it', async () => {
    replica.validKeys.add('revoked-before-backfill');
    const id = await activeConnection('revoked-before-backfill');
    replica.validKeys.delete('revoked-before-backfill');
    const started = await backfill(id, day(-60), day(-1));
    expect(started.body.chunksTotal).toBe(9);
    const failed = await waitFor('the backfill to fail', async () => {
      const { body } = await api<Backfill & { error: { code: string; hint: string } | null }>(`/v1/connections/${id}/backfills/${started.body.id}`);
      return body.status === 'failed' ? body : undefined;
    });
    expect(failed).toMatchObject({ chunksDone: 0, kpisWritten: 0, error: { code: 'auth_failed', hint: expect.stringContaining('PUT /v1/connections/{id}/credentials') } });
    // The two chunks that were in flight show the refusal; none was started after it.
    const chunkRuns = (await runs(id)).filter((r) => r.kind === 'backfill');
    expect(chunkRuns.map((r) => [r.status, r.error?.code])).toEqual([
      ['failed', 'auth_failed'],
      ['failed', 'auth_failed'],
    ]);
  });

  /** Active with a key whose later vendor calls hang (onboarding's own calls are answered). */
  async function activeConnectionHeldAfterOnboarding(apiKey: string): Promise<string> {
    replica.held.delete(apiKey);
    const id = await activeConnection(apiKey);
    replica.held.add(apiKey);
    return id;
  }
});
