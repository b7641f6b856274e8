import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { createDatabase, migrateToLatest } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { loadConfig } from '../wiring/config.js';
import type { ApiKey } from '../api/principal.js';
import { runtimeConfig, type RuntimeConfig } from '../wiring/compose.js';
import { choosePort } from '../platform/ports.js';
import { startEmbeddedPostgres } from '../embedded/postgres.js';
import { resolveTemporalCli } from '../embedded/temporal-cli.js';
import { startTemporalDevServer } from '../embedded/temporal-server.js';
import { dataConverterFor } from '../platform/payload-codec.js';
import { connectClient } from '../platform/temporal.js';
import { startServiceProcess, type ServiceProcess } from './processes.js';
import { PAGE_PATH as EXAMPLE_PAGE_PATH } from '../examples/integrations/host.js';

export { FLOOR_TASK_QUEUE } from './floor-activities.js';

export interface BenchStack {
  db: Kysely<Database>;
  /** The embedded Postgres's URL: a measure may make a database of its own beside Onramp's. */
  databaseUrl: string;
  client: Client;
  config: RuntimeConfig;
  apiUrl: string;
  /** The stack's client key (a host product's server holds one). */
  clientKey: string;
  /**
   * Where the example host product (examples/integrations) may listen: a port reserved before
   * the API started, whose origin the API lets frame the Connect page and show a logo from.
   */
  exampleHostUrl: string;
  /** A bare Fastify on the same Postgres (bench/floor-api.ts): GET /row/:id selects one connection row. */
  floorApiUrl: string;
  /** JSON over real HTTP with the stack's client key. */
  api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  /** The raw answer (e.g. a server-sent event stream), with one of the tenant's client keys in turn. */
  fetchApi(path: string, init?: RequestInit): Promise<Response>;
  /** Onramp's worker, in a process of its own (bin/worker.ts). */
  worker: ServiceProcess;
  /** The floor's worker (bench/floor-worker.ts): the same runtime holding nothing of Onramp. */
  floorWorker: ServiceProcess;
  /** Onramp's API (bin/api.ts). */
  apiProcess: ServiceProcess;
  /** The servers' processes, for CPU accounting (bench/cpu-split.ts); the services' are on them above. */
  serverPids: { temporal: number; postgres: number };
  stop(): Promise<void>;
}

/**
 * Onramp as production runs it, on the embedded Postgres and Temporal of `npm run dev` (fresh temp
 * data dir, migrations): the API (bin/api.ts) and the worker (bin/worker.ts) each in a process of
 * its own, and beside them the floor's worker and bare API, also each in its own.
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
    const serverPids = { temporal: 0, postgres: 0 };
    const [pg, temporal] = await Promise.all([
      startEmbeddedPostgres({ parentDir: dir, database: 'bench', logFile: join(dir, 'postgres.log'), onSpawn: ({ pid }) => (serverPids.postgres = pid) }),
      resolveTemporalCli(log).then((cli) =>
        startTemporalDevServer({
          cli,
          dbFile: join(dir, 'temporal.sqlite'),
          namespace: config.temporal.namespace,
          ui: false,
          logFile: join(dir, 'temporal.log'),
          onSpawn: ({ pid }) => (serverPids.temporal = pid),
        }),
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
    const exampleHostUrl = `http://127.0.0.1:${await choosePort()}`;
    const runtime = runtimeConfig(config, `http://127.0.0.1:${port}`);
    const key: ApiKey = config.apiKeys[0]!;
    // A key per concurrent client that follows a progress stream: the API lets one holder keep only
    // a few streams open (a page needs one), and the bench's clients stand for that many pages.
    const streamKeys = Array.from({ length: 48 }, () => `bench-stream-${randomBytes(16).toString('hex')}`);
    let nextStreamKey = 0;

    // Production's shape (compose runs `npm run api` and `npm run worker` apart): the API, the
    // worker, the floor's worker and the floor's bare API each in a process of their own, this
    // process only the clients. A burst of requests then does not starve workflow tasks (or the
    // clients) of one event loop, and each process's memory and CPU are its own. The floor's
    // processes get the same environment and nothing of Onramp.
    const env = {
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      ONRAMP_TASK_QUEUE: config.taskQueue,
      ONRAMP_API_KEYS: [`${key.key}:${key.tenant}:${key.role}`, ...streamKeys.map((k) => `${k}:${key.tenant}:client`)].join(','),
      ONRAMP_CREDENTIALS_KEY: config.credentialsKey.toString('base64'),
      ONRAMP_PUBLIC_URL: runtime.publicUrl,
      ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      // No rate limit worth hitting: the bench is the only client.
      ONRAMP_RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
      // The example host opens the Connect page in the SDK's modal (bench/measures/modal.ts).
      ONRAMP_CONNECT_FRAME_ANCESTORS: exampleHostUrl,
      ONRAMP_OAUTH_RETURN_URLS: `${exampleHostUrl}${EXAMPLE_PAGE_PATH}`,
      // As the Docker image and `npm run worker` set it (Dockerfile says why).
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    };
    log('bench: starting the API, the worker and the floor\'s (each worker bundles its workflows unless prebuilt)…');
    const service = async (script: string, extra: Record<string, string>, portVariable: string, readyPath: string, logName: string) => {
      const servicePort = portVariable === 'ONRAMP_API_PORT' ? port : await choosePort();
      const started = await startServiceProcess({
        script,
        env: { ...env, ...extra, [portVariable]: String(servicePort) },
        port: servicePort,
        readyPath,
        logFile: join(dir, logName),
      });
      stops.push(() => started.stop());
      return started;
    };
    // Both workers as `npm run worker` and compose's worker start Onramp's (docker-compose.yml says
    // why); BENCH_WORKER_NODE_OPTIONS='' measures them with V8's defaults instead.
    const worker = { ONRAMP_WORKER_METRICS_HOST: '127.0.0.1', NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS ?? '--max-semi-space-size=4' };
    const [onrampWorker, floorWorker, api, floorApi] = await Promise.all([
      service('bin/worker.ts', worker, 'ONRAMP_WORKER_METRICS_PORT', '/readyz', 'worker.log'),
      service('bench/floor-worker.ts', worker, 'ONRAMP_WORKER_METRICS_PORT', '/readyz', 'floor-worker.log'),
      service('bin/api.ts', { ONRAMP_API_HOST: '127.0.0.1' }, 'ONRAMP_API_PORT', '/healthz', 'api.log'),
      service('bench/floor-api.ts', {}, 'PORT', '/healthz', 'floor-api.log'),
    ]);

    const apiUrl = `http://127.0.0.1:${port}`;
    return {
      db,
      databaseUrl: pg.url,
      client,
      config: runtime,
      apiUrl,
      clientKey: key.key,
      exampleHostUrl,
      floorApiUrl: floorApi.url,
      worker: onrampWorker,
      floorWorker,
      apiProcess: api,
      serverPids,
      fetchApi: (path: string, init: RequestInit = {}) =>
        fetch(`${apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${streamKeys[nextStreamKey++ % streamKeys.length]}`, ...init.headers } }),
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
