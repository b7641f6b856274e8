import type { Kysely } from 'kysely';
import { buildApp } from '../../api/app.js';
import type { Database } from '../../db/schema.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import { createApiDeps, type OnrampWorker, type RuntimeConfig, type WorkerSlots } from '../../wiring/compose.js';
import { choosePort } from '../../platform/ports.js';
import { loggerOptions } from '../../wiring/logging.js';
import { testConfig } from './config.js';
import { createTestDatabase } from './database.js';
import { connectTestTemporal, createTestWorker } from './temporal.js';

export interface TestStack {
  baseUrl: string;
  databaseUrl: string;
  config: RuntimeConfig;
  db: Kysely<Database>;
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  /** JSON over real HTTP with the given API key. */
  api<T = Record<string, unknown>>(key: string, path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The whole of Onramp for one test file, over real HTTP on 127.0.0.1: its own database, task
 * queue and worker on the run's Temporal server; the API's public URL is its real address, so
 * OAuth redirects come back to it.
 */
export async function startTestStack(
  options: {
    port?: number;
    config?: (baseUrl: string) => Partial<RuntimeConfig>;
    providers?: ProviderRegistry;
    /** false: no worker in this process (a test runs its own, e.g. in a child process). */
    worker?: boolean;
    /** The worker's task slots (tests that show what a full queue does). */
    workerSlots?: WorkerSlots;
    /** Where the API's log lines go (with the production redaction); none by default. */
    logStream?: NodeJS.WritableStream;
    /** A migrated database of the test's own (e.g. on a Postgres it stops); a fresh one on the run's server by default. */
    database?: { db: Kysely<Database>; url: string };
  } = {},
): Promise<TestStack> {
  const { db, url: databaseUrl } = options.database ?? (await createTestDatabase());
  // The port is known before the app exists, so its public URL (OAuth redirect URI) is real.
  const port = options.port ?? (await choosePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = testConfig({ publicUrl: baseUrl, ...options.config?.(baseUrl) });
  const temporal = await connectTestTemporal(config.credentialsKey, config.previousCredentialsKeys);
  // Tests poll the API while they wait: no rate limit worth hitting here (test/integration/security.test.ts covers it).
  const app = await buildApp(createApiDeps({ config, db, databaseUrl, client: temporal.client, providers: options.providers }), {
    requestsPerMinute: 1_000_000,
    logger: options.logStream ? { ...(loggerOptions('info') as object), stream: options.logStream } : false,
  });
  await app.listen({ host: '127.0.0.1', port: Number(port) });
  const worker: OnrampWorker | undefined =
    options.worker === false
      ? undefined
      : await createTestWorker({ db, client: temporal.client, connection: temporal.connection, config, providers: options.providers, slots: options.workerSlots });
  const running = worker?.run();

  return {
    baseUrl,
    databaseUrl,
    config,
    db,
    temporal,
    async api<T>(key: string, path: string, init: RequestInit = {}) {
      const res = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async close() {
      worker?.shutdown();
      await running;
      await app.close();
      await temporal.close();
      await db.destroy();
    },
  };
}
