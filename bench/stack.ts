import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection } from '@temporalio/worker';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../api/app.js';
import { createDatabase, migrateToLatest } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { loadConfig, type ApiKey } from '../runtime/config.js';
import { startEventListener } from '../runtime/event-listener.js';
import { createApiDeps, createOnrampWorker, runtimeConfig, workflowsPath, type RuntimeConfig } from '../runtime/compose.js';
import { choosePort } from '../runtime/embedded/ports.js';
import { startEmbeddedPostgres } from '../runtime/embedded/postgres.js';
import { projectRoot } from '../runtime/embedded/project-root.js';
import { resolveTemporalCli } from '../runtime/embedded/temporal-cli.js';
import { startTemporalDevServer } from '../runtime/embedded/temporal-server.js';
import { dataConverterFor } from '../runtime/payload-codec.js';
import { connectClient, connectWorker } from '../runtime/temporal.js';
import { createWorkerLogger } from '../runtime/worker-logger.js';
import { createWorkerMetrics } from '../runtime/worker-metrics.js';
import { installWorkerRuntime } from '../runtime/worker-runtime.js';
import { tunedWorkerOptions } from '../runtime/worker-tuning.js';
import { bundleWorkflowsInThread } from '../runtime/workflow-bundle.js';
import { clientCredentialsTokens } from '../providers/client-credentials.js';
import { createFloorActivities } from './floor-activities.js';
import { rssMiB } from './pair.js';

export const FLOOR_TASK_QUEUE = 'bench-floor';

export interface BenchStack {
  db: Kysely<Database>;
  client: Client;
  config: RuntimeConfig;
  apiUrl: string;
  /** A bare Fastify on the same pool: GET /row/:id selects one connection row. */
  floorApiUrl: string;
  /** JSON over real HTTP with the stack's client key. */
  api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  /** RSS once the servers were up, before any worker, bundle or API existed. */
  rssBeforeWorkersMiB: number;
  stop(): Promise<void>;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };

/**
 * What `npm run dev` runs (embedded Postgres and Temporal, migrations, worker and API in this
 * process), on a fresh temp data dir, plus the floor's worker and bare API beside them.
 * Whatever fails half way, `stop` (or the failure itself) takes down what was started.
 */
export async function startBenchStack(log: (line: string) => void): Promise<BenchStack> {
  const dir = await mkdtemp(join(tmpdir(), 'onramp-bench-'));
  const stops: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((e: unknown) => console.error('bench: stop failed:', e));
  };
  try {
    // Dev mode generates the API key and credentials key into the temp dir, as a first `npm run dev` would.
    const config = loadConfig({ ONRAMP_DATA_DIR: dir }, { dev: true });
    log('bench: starting Postgres and Temporal, bundling workflows…');
    const bundles = Promise.all([
      bundleWorkflowsInThread({ workflowsPath, logger: quietLogger }),
      bundleWorkflowsInThread({ workflowsPath: join(projectRoot, 'bench', 'floor-workflows.ts'), logger: quietLogger }),
    ]);
    const [pg, temporal] = await Promise.all([
      startEmbeddedPostgres({ parentDir: dir, database: 'bench', logFile: join(dir, 'postgres.log') }),
      resolveTemporalCli(log).then((cli) =>
        startTemporalDevServer({ cli, dbFile: join(dir, 'temporal.sqlite'), namespace: config.temporal.namespace, ui: false, logFile: join(dir, 'temporal.log') }),
      ),
    ]);
    stops.push(pg.stop, temporal.stop);
    const db = createDatabase(pg.url);
    stops.push(() => db.destroy());
    await migrateToLatest(db);

    // The runtime and activity metrics bin/dev.ts installs: they are part of what a sync costs.
    await installWorkerRuntime({ logger: createWorkerLogger('warn').sdk, shutdownSignals: [] });
    const temporalConfig = { ...config.temporal, address: temporal.address };
    const dataConverter = dataConverterFor(config.credentialsKey, config.previousCredentialsKeys);
    const client = await connectClient(temporalConfig, dataConverter, { failFast: true });
    stops.push(() => client.connection.close());
    const connection: NativeConnection = await connectWorker(temporalConfig);
    stops.push(() => connection.close());
    const port = await choosePort();
    const runtime = runtimeConfig(config, `http://127.0.0.1:${port}`);
    const [onrampBundle, floorBundle] = await bundles;
    // Once the bundler threads are gone: what the process holds before any worker or API.
    const rssBeforeWorkersMiB = rssMiB();
    const metrics = createWorkerMetrics({ clientCredentials: clientCredentialsTokens });
    const worker = await createOnrampWorker({
      config: runtime, db, client, connection, namespace: config.temporal.namespace, workflowBundle: { code: onrampBundle }, tuning: config.worker, metrics: metrics.activities,
    });
    // The floor's worker gets the options createOnrampWorker gives the main queue, nothing else.
    const floorWorker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: FLOOR_TASK_QUEUE,
      workflowBundle: { code: floorBundle },
      activities: createFloorActivities({ db }),
      dataConverter,
      shutdownGraceTime: '10 seconds',
      ...tunedWorkerOptions(config.worker),
    });
    const running = Promise.all([worker.run(), floorWorker.run()]);
    // As in `npm run dev`: the outbox's notifications wake the webhook deliveries.
    const events = startEventListener({ databaseUrl: pg.url, db, client, taskQueue: runtime.taskQueue, logger: createWorkerLogger('warn').pino });
    stops.push(async () => {
      await events.close();
      worker.shutdown();
      floorWorker.shutdown();
      await running;
    });

    // No rate limit worth hitting: the bench is the only client.
    const app = await buildApp(createApiDeps({ config: runtime, db, client }), { requestsPerMinute: 100_000_000 });
    stops.push(() => app.close());
    await app.listen({ host: '127.0.0.1', port });

    const floorApp = Fastify();
    floorApp.get<{ Params: { id: string } }>('/row/:id', async (request) =>
      db.selectFrom('connections').selectAll().where('id', '=', request.params.id).executeTakeFirstOrThrow(),
    );
    stops.push(() => floorApp.close());
    const floorApiUrl = await floorApp.listen({ host: '127.0.0.1', port: await choosePort() });

    const apiUrl = `http://127.0.0.1:${port}`;
    const key: ApiKey = config.apiKeys[0]!;
    return {
      db,
      client,
      config: runtime,
      apiUrl,
      floorApiUrl,
      rssBeforeWorkersMiB,
      async api<T>(path: string, init: RequestInit = {}) {
        const res = await fetch(`${apiUrl}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json', ...init.headers },
        });
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
