import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';

const key = 'timing-client-key-0000000001';

/**
 * Schedules in real time (the shortest interval is a minute, so this file takes a few
 * minutes and runs beside the others): an interval change takes effect, pause stops runs,
 * resume starts them again.
 */
describe('sync schedule in real time', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => stack?.close());

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  const runCount = async (id: string) =>
    Number((await stack.db.selectFrom('sync_runs').select((eb) => eb.fn.countAll().as('n')).where('connection_id', '=', id).executeTakeFirstOrThrow()).n);
  const ONE_INTERVAL_AND_JITTER = 75_000;

  it('takes an interval change at once, stops on pause and starts again on resume', async () => {
    const created = await api('/v1/connections', { method: 'POST', body: JSON.stringify({ integration: 'demo', credentials: { apiKey: 'k' } }) });
    const id = created.body.id;
    await waitFor('first sync', async () => (await runCount(id)) === 1);

    const patched = await api(`/v1/connections/${id}`, { method: 'PATCH', body: JSON.stringify({ syncIntervalMinutes: 1 }) });
    expect(patched.status).toBe(200);
    expect(patched.body.sync.intervalMinutes).toBe(1);
    const schedule = await stack.temporal.client.schedule.getHandle(`sync:${id}`).describe();
    expect(schedule.spec.intervals?.[0]?.every).toBe(60_000);
    expect(Date.parse(patched.body.sync.nextSyncAt!) - Date.now()).toBeLessThanOrEqual(ONE_INTERVAL_AND_JITTER);
    await waitFor('a run on the new interval', async () => (await runCount(id)) === 2, ONE_INTERVAL_AND_JITTER + 60_000);

    const paused = await api(`/v1/connections/${id}/pause`, { method: 'POST' });
    expect(paused.body).toMatchObject({ status: 'paused', sync: { paused: true } });
    const whilePaused = await runCount(id);
    await new Promise((r) => setTimeout(r, ONE_INTERVAL_AND_JITTER)); // a whole interval: nothing may run
    expect(await runCount(id)).toBe(whilePaused);

    const resumed = await api(`/v1/connections/${id}/resume`, { method: 'POST' });
    expect(resumed.body).toMatchObject({ status: 'active', sync: { paused: false } });
    await waitFor('a run after resume', async () => (await runCount(id)) > whilePaused, ONE_INTERVAL_AND_JITTER + 60_000);
  }, 420_000);
});
