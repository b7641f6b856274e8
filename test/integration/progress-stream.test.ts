import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import type { AppDeps } from '../../api/deps.js';
import type { ConnectionView } from '../../domain/connection.js';
import { updateOnboarding } from '../../db/repositories/connections.js';
import type { Database } from '../../db/schema.js';
import { createApiDeps } from '../../wiring/compose.js';
import { nextSyncAt } from '../../domain/next-sync.js';
import { threeKeys } from '../helpers/api-app.js';
import { testConfig } from '../helpers/config.js';
import { readEvents } from '../helpers/connect-session.js';
import { createTestDatabase } from '../helpers/database.js';
import { connectTestTemporal } from '../helpers/temporal.js';

const { keys, apiKeys } = threeKeys('progress');
const bearer = { authorization: `Bearer ${keys.acme}` };

describe('progress stream: pushed by the LISTEN on connection changes', () => {
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let base: string;
  let schedules: AppDeps['schedules'];

  beforeAll(async () => {
    const database = await createTestDatabase();
    db = database.db;
    temporal = await connectTestTemporal();
    const deps = createApiDeps({ config: testConfig({ apiKeys }), db, databaseUrl: database.url, client: temporal.client });
    schedules = deps.schedules;
    // The fallback re-read is pushed past the stream's whole life: only a notification can wake it.
    app = await buildApp({ ...deps, progressFallbackMs: 60 * 60_000 });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
    await db?.destroy();
  });

  it('sends each committed change of the connection without waiting for the fallback re-read', async () => {
    const created = (await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer, payload: { integration: 'demo' } })).json() as ConnectionView;
    // The deadline only bounds a failure (the fallback is an hour away); nothing here is timed.
    const stream = await fetch(`${base}/v1/connections/${created.id}/progress/stream`, { headers: bearer, signal: AbortSignal.timeout(60_000) });
    expect(stream.status).toBe(200);

    // Changed the way the onboarding activities change it; each change once the previous one was
    // seen. Two, because the listener's first connect wakes every stream once anyway: the second
    // change can reach the stream by its notification alone.
    const change = (step: 'configure' | 'test') =>
      void updateOnboarding(db, created.id, { status: step === 'configure' ? 'configuring' : 'testing', onboarding_step: step, onboarding_state: 'running' });
    const events = await readEvents<ConnectionView>(stream, (event) => {
      if (event.status === 'pending') change('configure');
      if (event.status === 'configuring') change('test');
      return event.status === 'testing';
    });
    expect(events.map((e) => [e.status, e.onboarding.step])).toEqual([
      ['pending', 'connect'],
      ['configuring', 'configure'],
      ['testing', 'test'],
    ]);
  });

  it('shows a new interval or a pause with the next sync time it means, in the same event', async () => {
    const created = (await app.inject({ method: 'POST', url: '/v1/connections', headers: bearer, payload: { integration: 'demo' } })).json() as ConnectionView;
    // Active as activation leaves it, before its first run (which would end the stream); its
    // schedule paused, as no worker runs here.
    const row = await updateOnboarding(db, created.id, { status: 'active', onboarding_step: 'done', onboarding_state: 'completed' });
    await db.updateTable('connections').set({ next_sync_at: nextSyncAt(row!, new Date()) }).where('id', '=', created.id).execute();
    await schedules.ensure(created.id, { intervalMinutes: row!.sync_interval_minutes, triggerImmediately: false, paused: true });
    const stream = await fetch(`${base}/v1/connections/${created.id}/progress/stream`, { headers: bearer, signal: AbortSignal.timeout(60_000) });
    expect(stream.status).toBe(200);

    const send = (method: 'PATCH' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url: `/v1/connections/${created.id}${url}`, headers: bearer, ...(payload ? { payload } : {}) }).then((res) => res.json() as ConnectionView);
    let patched: Promise<ConnectionView> | undefined;
    let paused: Promise<ConnectionView> | undefined;
    const events = await readEvents<ConnectionView>(stream, (event) => {
      if (event.sync.intervalMinutes === row!.sync_interval_minutes) patched ??= send('PATCH', '', { syncIntervalMinutes: 7 });
      // Once the PATCH has answered, so its answer is the interval's alone.
      if (event.sync.intervalMinutes === 7 && event.status === 'active') paused ??= patched!.then(() => send('POST', '/pause'));
      return event.status === 'paused';
    });
    const onNewInterval = events.find((e) => e.sync.intervalMinutes === 7)!;
    expect(onNewInterval.sync.nextSyncAt).toBe((await patched!).sync.nextSyncAt);
    expect(Date.parse(onNewInterval.sync.nextSyncAt!) - Date.now()).toBeLessThanOrEqual(7 * 60_000);
    expect(events.at(-1)!.sync).toMatchObject({ paused: true, nextSyncAt: null });
    expect((await paused!).sync).toMatchObject({ paused: true, nextSyncAt: null });
    await schedules.remove(created.id);
  });
});
