/**
 * `npm run worker`: a Temporal worker against DATABASE_URL and TEMPORAL_ADDRESS (production
 * shape; run as many as you like). Migrates on start; SIGINT/SIGTERM drain it. Logs JSON lines
 * on stdout; /healthz, /readyz and /metrics on ONRAMP_WORKER_METRICS_PORT (0: none); traces to
 * OTEL_EXPORTER_OTLP_ENDPOINT when set.
 */
import { createDatabase, migrateToLatest } from '../db/database.js';
import { ConfigError, loadConfig } from '../wiring/config.js';
import { createOnrampWorker, runtimeConfig } from '../wiring/compose.js';
import { ensureReconcilerSchedule } from '../platform/sync-schedules.js';
import { startEventListener } from '../platform/event-listener.js';
import { dataConverterFor } from '../platform/payload-codec.js';
import { connectClient, connectWorker } from '../platform/temporal.js';
import { createWorkerLogger } from '../wiring/worker-logger.js';
import { createWorkerMetrics } from '../wiring/worker-metrics.js';
import { clientCredentialsTokens } from '../providers/client-credentials.js';
import { installWorkerRuntime } from '../wiring/worker-runtime.js';
import { startWorkerServer } from '../wiring/worker-server.js';
import { startTracing } from '../wiring/tracing.js';

const logger = createWorkerLogger(process.env.LOG_LEVEL ?? 'info');

async function main(): Promise<void> {
  const config = loadConfig(process.env, { dev: false });
  const address = config.temporal.address;
  if (!config.databaseUrl || !address) {
    throw new ConfigError(['DATABASE_URL and TEMPORAL_ADDRESS are required for a standalone worker (npm run dev starts both)']);
  }
  logger.pino.level = config.logLevel;
  const { coreMetricsUrl } = await installWorkerRuntime({ logger: logger.sdk });
  const tracing = startTracing({ serviceName: 'onramp-worker', otlpEndpoint: config.otlpEndpoint });
  const db = createDatabase(config.databaseUrl, { onIdleError: (e) => logger.pino.error({ error: e }, 'postgres idle client error') });
  await migrateToLatest(db);
  const temporal = { ...config.temporal, address };
  const client = await connectClient(temporal, dataConverterFor(config.credentialsKey, config.previousCredentialsKeys));
  const connection = await connectWorker(temporal);
  const metrics = createWorkerMetrics({ clientCredentials: clientCredentialsTokens });
  const worker = await createOnrampWorker({
    config: runtimeConfig(config),
    db,
    client,
    connection,
    namespace: config.temporal.namespace,
    tuning: config.worker,
    metrics: metrics.activities,
    ...(tracing ? { tracing } : {}),
  });
  const running = worker.run();
  const server = config.workerServer
    ? await startWorkerServer({ registry: metrics.registry, db, isRunning: worker.isRunning, coreMetricsUrl }, config.workerServer)
    : undefined;
  if (server) logger.pino.info({ url: server.url }, 'worker health and metrics listening');
  await ensureReconcilerSchedule(client, config.taskQueue);
  // Outbox notifications wake the webhook endpoints' delivery workflows.
  const events = startEventListener({ databaseUrl: config.databaseUrl, db, client, taskQueue: config.taskQueue, logger: logger.pino });
  // The SDK shuts the worker down on SIGINT/SIGTERM; run() resolves once it has drained.
  await running;
  await events.close();
  await server?.close();
  await Promise.all([connection.close(), client.connection.close(), db.destroy(), tracing?.shutdown()]);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) logger.pino.fatal({ issues: error.issues }, error.message);
  else logger.pino.fatal({ error }, 'worker stopped with an error');
  // pino's default stdout destination writes synchronously: the line is out before the exit.
  process.exit(1);
});
