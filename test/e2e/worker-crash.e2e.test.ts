import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import type { OnrampWorker } from '../../wiring/compose.js';
import { spawnWorkerProcess } from '../helpers/spawn-worker.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { createTestWorker, waitFor } from '../helpers/temporal.js';
import { replicaMetricsProvider } from '../providers/test-providers.js';
import { startMetricsReplica, type MetricsReplica } from '../replicas/metrics-server.js';

const key = 'crash-client-key-00000000001';

describe('a worker killed in the middle of a sync', () => {
  let replica: MetricsReplica;
  let stack: TestStack;
  let child: ChildProcess | undefined;
  let worker: OnrampWorker | undefined;
  let running: Promise<void> | undefined;

  beforeAll(async () => {
    replica = await startMetricsReplica();
    replica.validKeys.add('good-key');
    stack = await startTestStack({ worker: false, providers: providers(), config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    worker?.shutdown();
    await running;
    await stack?.close();
    await replica?.close();
  });

  const providers = () =>
    createProviderRegistry([...builtInProviders, replicaMetricsProvider], {
      endpointOverrides: { ONRAMP_ENDPOINT_REPLICA_METRICS_API: replica.url },
    });

  const startWorkerProcess = () =>
    spawnWorkerProcess({ databaseUrl: stack.databaseUrl, taskQueue: stack.config.taskQueue, credentialsKey: stack.config.credentialsKey, replicaUrl: replica.url });

  it('completes the run on another worker and doubles nothing', async () => {
    child = await startWorkerProcess();
    const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
    const created = await api('/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'replica-metrics', credentials: { apiKey: 'good-key' }, initialHistoryDays: 5 }),
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const runs = () => stack.db.selectFrom('sync_runs').selectAll().where('connection_id', '=', id).orderBy('id').execute();
    await waitFor('first sync', async () => (await runs())[0]?.status === 'succeeded');
    const rowsBefore = await stack.db.selectFrom('kpi_values').selectAll().where('connection_id', '=', id).execute();
    expect(rowsBefore).toHaveLength(6 * 2);

    // The next run hangs at the vendor; the worker dies while it waits.
    replica.delayMs = 60_000;
    const arrived = replica.nextCall();
    const firstSecond = Math.floor((await runs())[0]!.started_at.getTime() / 1000);
    await waitFor('the next second', async () => Math.floor(Date.now() / 1000) > firstSecond);
    expect((await api(`/v1/connections/${id}/sync`, { method: 'POST' })).status).toBe(202);
    await arrived;
    child.kill('SIGKILL');
    replica.delayMs = 0;

    worker = await createTestWorker({
      db: stack.db,
      client: stack.temporal.client,
      connection: stack.temporal.connection,
      config: stack.config,
      providers: providers(),
    });
    running = worker.run();
    const finished = await waitFor('the interrupted run to finish', async () => {
      const all = await runs();
      return all.length === 2 && all[1]!.status === 'succeeded' ? all : undefined;
    });
    expect(finished[1]!.attempts).toBeGreaterThanOrEqual(2);
    const rowsAfter = await stack.db.selectFrom('kpi_values').selectAll().where('connection_id', '=', id).execute();
    expect(rowsAfter).toHaveLength(rowsBefore.length);
    const keys = rowsAfter.map((r) => `${r.kpi_key}/${r.period_start}`);
    expect(new Set(keys).size).toBe(keys.length);
  }, 300_000);
});
