import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../api/app.js';
import { createDatabase, migrateToLatest } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { loadConfig, type ApiKey } from '../runtime/config.js';
import { createApiDeps, runtimeConfig, type RuntimeConfig } from '../runtime/compose.js';
import { choosePort } from '../runtime/embedded/ports.js';
import { startEmbeddedPostgres } from '../runtime/embedded/postgres.js';
import { resolveTemporalCli } from '../runtime/embedded/temporal-cli.js';
import { startTemporalDevServer } from '../runtime/embedded/temporal-server.js';
import { dataConverterFor } from '../runtime/payload-codec.js';
import { connectClient } from '../runtime/temporal.js';
import { rssMiB } from './pair.js';
import { startWorkerProcess, type WorkerProcess } from './worker-process.js';

export { FLOOR_TASK_QUEUE } from './floor-activities.js';

export interface BenchStack {
  db: Kysely<Database>;
  client: Client;
  config: RuntimeConfig;
  apiUrl: string;
  /** A bare Fastify on the same pool: GET /row/:id selects one connection row. */
  floorApiUrl: string;
  /** JSON over real HTTP with the stack's client key. */
  api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  /** This process's RSS before the API existed (this process holds the API, the floor's route and the load). */
  rssBeforeApiMiB: number;
  /** Onramp's worker, in a process of its own (bin/worker.ts). */
  worker: WorkerProcess;
  /** The floor's worker (bench/floor-worker.ts): the same runtime holding nothing of Onramp. */
  floorWorker: WorkerProcess;
  stop(): Promise<void>;
}

/**
 * Onramp as production runs it, on the embedded Postgres and Temporal of `npm run dev` (fresh temp
 * data dir, migrations): the API in this process, the worker in its own (bin/worker.ts), and
 * beside them the floor's worker (its own process too) and bare API.
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
    log('bench: starting Postgres and Temporal…');
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

    const temporalConfig = { ...config.temporal, address: temporal.address };
    const dataConverter = dataConverterFor(config.credentialsKey, config.previousCredentialsKeys);
    const client = await connectClient(temporalConfig, dataConverter, { failFast: true });
    stops.push(() => client.connection.close());
    const port = await choosePort();
    const runtime = runtimeConfig(config, `http://127.0.0.1:${port}`);
    const key: ApiKey = config.apiKeys[0]!;
    // What the API holds before it serves anything: the floor of the API process's memory.
    const rssBeforeApiMiB = rssMiB();

    // Production's shape (compose runs `npm run api` and `npm run worker` apart): each worker in
    // a process of its own, so a burst of API requests does not starve workflow tasks of the
    // event loop, and each one's memory and CPU are its own. The floor's worker gets the same
    // environment (tuning, data converter) and nothing of Onramp.
    const workerEnv = {
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      ONRAMP_TASK_QUEUE: config.taskQueue,
      ONRAMP_API_KEYS: `${key.key}:${key.tenant}:${key.role}`,
      ONRAMP_CREDENTIALS_KEY: config.credentialsKey.toString('base64'),
      ONRAMP_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      LOG_LEVEL: 'warn',
    };
    log('bench: starting the workers (each bundles its workflows)…');
    const [worker, floorWorker] = await Promise.all([
      startWorkerProcess('bin/worker.ts', workerEnv, join(dir, 'worker.log')),
      startWorkerProcess('bench/floor-worker.ts', workerEnv, join(dir, 'floor-worker.log')),
    ]);
    stops.push(() => Promise.all([worker.stop(), floorWorker.stop()]));

    // No rate limit worth hitting: the bench is the only client.
    const app = await buildApp(createApiDeps({ config: runtime, db, databaseUrl: pg.url, client }), { requestsPerMinute: 100_000_000 });
    stops.push(() => app.close());
    await app.listen({ host: '127.0.0.1', port });

    const floorApp = Fastify();
    floorApp.get<{ Params: { id: string } }>('/row/:id', async (request) =>
      db.selectFrom('connections').selectAll().where('id', '=', request.params.id).executeTakeFirstOrThrow(),
    );
    stops.push(() => floorApp.close());
    const floorApiUrl = await floorApp.listen({ host: '127.0.0.1', port: await choosePort() });

    const apiUrl = `http://127.0.0.1:${port}`;
    return {
      db,
      client,
      config: runtime,
      apiUrl,
      floorApiUrl,
      rssBeforeApiMiB,
      worker,
      floorWorker,
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
