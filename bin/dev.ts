/**
 * `npm run dev`: the whole of Onramp on one machine. Embedded Postgres and the Temporal dev
 * server (unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere), migrations, the worker and
 * the API in this process. Ctrl-C stops the API first (requests in flight finish), then the
 * worker, then the servers.
 *
 * package.json runs it as `exec node --import tsx bin/dev.ts`, not `tsx bin/dev.ts`: the tsx CLI
 * is a parent process that SIGKILLs its child when the child has not answered a relayed signal
 * within 30 ms, which a busy shutdown often misses, orphaning Postgres. `exec` makes this
 * process npm's direct child, so a signal sent to npm alone reaches it too.
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildApp } from '../api/app.js';
import { createOnrampClient } from '../client/index.js';
import { createDatabase, migrateToLatest } from '../db/database.js';
import { ConfigError, loadConfig } from '../wiring/config.js';
import { loggerOptions } from '../wiring/logging.js';
import { createApiDeps, createOnrampWorker, runtimeConfig } from '../wiring/compose.js';
import { choosePort } from '../platform/ports.js';
import { startServices } from '../embedded/stack.js';
import { DEFAULT_RESTARTS } from '../embedded/supervisor.js';
import { buildExampleHost, PAGE_PATH as EXAMPLE_PAGE_PATH } from '../examples/integrations/host.js';
import { ensureReconcilerSchedule } from '../platform/sync-schedules.js';
import { startEventListener } from '../platform/event-listener.js';
import { writeJoinEnv } from '../wiring/join-env.js';
import { dataConverterFor } from '../platform/payload-codec.js';
import { connectClient, connectWorker } from '../platform/temporal.js';
import { createWorkerLogger } from '../wiring/worker-logger.js';
import { createWorkerMetrics } from '../wiring/worker-metrics.js';
import { clientCredentialsTokens } from '../providers/client-credentials.js';
import { installWorkerRuntime } from '../wiring/worker-runtime.js';
import { startWorkerServer } from '../wiring/worker-server.js';

const SHUTDOWN_DEADLINE_MS = 30_000;
const EXAMPLE_HOST_PORT = 3100;
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const config = loadConfig(process.env, { dev: true });
  const stopAll: (() => Promise<unknown>)[] = [];
  let stopping: Promise<never> | undefined;
  const shutdown = (reason: string, exitCode = 0) =>
    (stopping ??= (async () => {
      log(`onramp: ${reason}: stopping (API first, then the worker)…`);
      const deadline = setTimeout(() => {
        console.error('onramp: shutdown took longer than 30 s; exiting anyway');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS);
      deadline.unref();
      for (const stop of stopAll.reverse()) await stop().catch((e: unknown) => console.error('onramp: stop failed:', e));
      log('onramp: stopped');
      process.exit(exitCode);
    })());
  // Ctrl-C reaches npm and us together and npm forwards it again, and an impatient user presses
  // it twice: every signal after the first waits for the one shutdown rather than cutting it
  // short. Listening from the very start also covers a signal while Postgres is starting.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) log(`onramp: ${signal} again: still stopping; kill -9 ${process.pid} abandons it (the next start cleans up)`);
    void shutdown(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  // The API's address first: the Temporal UI this stack starts decodes payloads through its /codec.
  const port = await choosePort(config.api.port);
  const publicUrl = process.env.ONRAMP_PUBLIC_URL ? config.api.publicUrl : `http://127.0.0.1:${port}`;
  const restarts = { ...DEFAULT_RESTARTS, attempts: config.devRestarts };
  const services = await startServices({ ...config, codecEndpoint: `${publicUrl}/codec`, restarts }, log);
  stopAll.push(services.stop);
  // A part that dies under the stack is started again in place (services' supervisor); one that
  // will not come back leaves every request a 503: stop it all and exit non-zero instead, saying
  // what happened, so a person or a process manager starts it again.
  void services.died.then(({ part, how }) => {
    console.error(`onramp: the embedded ${part} ${how}; Onramp cannot run without it. Stopping everything: run \`npm run dev\` again (its log is in ${join(config.dataDir, 'logs')}).`);
    void shutdown(`the embedded ${part} ended`, 1);
  });

  const db = createDatabase(services.databaseUrl);
  stopAll.push(() => db.destroy());
  await migrateToLatest(db);

  // The SDK stops every worker by itself on SIGINT/SIGTERM, before the API could drain; this
  // process orders its own shutdown instead (API, then worker, then the rest).
  const { coreMetricsUrl } = await installWorkerRuntime({ logger: createWorkerLogger(config.logLevel).sdk, shutdownSignals: [] });
  const temporalConfig = { ...config.temporal, address: services.temporalAddress };
  const client = await connectClient(temporalConfig, dataConverterFor(config.credentialsKey, config.previousCredentialsKeys), { failFast: true });
  stopAll.push(() => client.connection.close());
  const workerConnection = await connectWorker(temporalConfig);
  stopAll.push(() => workerConnection.close());

  // Redirect URIs must name the port actually chosen, unless a public URL was configured.
  const runtime = runtimeConfig(config, publicUrl);
  // The example host product (examples/integrations) on an origin of its own, as a real product
  // would be: the Connect page may send its users back there. It listens now, before the API is
  // built with its address: a port chosen free may be taken by the time it would listen.
  const exampleKey = config.apiKeys.find((k) => k.role === 'client');
  const example = exampleKey
    ? await startExampleHost({ apiKey: exampleKey.key, onrampUrl: `http://127.0.0.1:${port}` })
    : undefined;
  if (example) stopAll.push(() => example.close());
  const exampleUrl = example?.url;
  if (exampleUrl) {
    runtime.oauth = { ...runtime.oauth, returnUrls: [...runtime.oauth.returnUrls, `${exampleUrl}${EXAMPLE_PAGE_PATH}`] };
    // …and frame it in the embed SDK's modal.
    runtime.connect = { ...runtime.connect, frameAncestors: [...runtime.connect.frameAncestors, exampleUrl] };
  }
  // The console links to the UI this stack started, on whichever port it found free.
  if (!process.env.ONRAMP_TEMPORAL_UI_URL && services.temporalUiUrl) runtime.console = { ...runtime.console, temporalUiUrl: services.temporalUiUrl };
  // That UI calls /codec from the browser: its origin may (with the console's session cookie).
  if (services.temporalUiUrl && !runtime.codecCorsOrigins.includes(services.temporalUiUrl)) runtime.codecCorsOrigins = [...runtime.codecCorsOrigins, services.temporalUiUrl];
  const app = await buildApp(createApiDeps({ config: runtime, db, databaseUrl: services.databaseUrl, client }), {
    logger: loggerOptions(config.logLevel, join(config.dataDir, 'logs', 'api.log')),
    requestsPerMinute: config.api.requestsPerMinute,
    sessionRequestsPerMinute: config.api.sessionRequestsPerMinute,
    ...(config.api.trustProxy !== undefined ? { trustProxy: config.api.trustProxy } : {}),
  });

  log('onramp: bundling workflows and starting the worker…');
  const metrics = createWorkerMetrics({ clientCredentials: clientCredentialsTokens });
  const worker = await createOnrampWorker({
    config: runtime, db, client, connection: workerConnection, namespace: config.temporal.namespace, tuning: config.worker, metrics: metrics.activities,
  });
  const running = worker.run();
  const workerServer = config.workerServer
    ? await startWorkerServer({ registry: metrics.registry, db, isRunning: worker.isRunning, coreMetricsUrl }, { ...config.workerServer, port: await choosePort(config.workerServer.port) })
    : undefined;
  await ensureReconcilerSchedule(client, config.taskQueue);
  const events = startEventListener({ databaseUrl: services.databaseUrl, db, client, taskQueue: config.taskQueue, logger: createWorkerLogger(config.logLevel).pino });
  // Last in, first out: the worker stops before anything it depends on.
  stopAll.push(async () => {
    await events.close();
    worker.shutdown();
    await running;
    await workerServer?.close();
  });
  // The API before the worker: it stops taking requests and lets those in flight finish, and a
  // PUT in flight answers once onboarding (run by this worker) acts on it, within ANSWER_WITHIN_MS.
  stopAll.push(() => app.close());
  running.catch((error: unknown) => {
    console.error('onramp: the worker stopped with an error:', error);
    void shutdown('worker failure');
  });

  await app.listen({ host: config.api.host, port });
  const apiUrl = `http://${config.api.host}:${port}`;
  const stack = {
    apiUrl,
    docsUrl: `${apiUrl}/docs`,
    temporalUiUrl: services.temporalUiUrl,
    temporalAddress: services.temporalAddress,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    postgres: services.embedded.postgres ? services.databaseUrl.replace(/:[^:@/]+@/, ':***@') : 'external (DATABASE_URL)',
    pid: process.pid,
  };
  // Only a key this process generated is printed; configured keys are secrets of their owner.
  const devKey = process.env.ONRAMP_API_KEYS ? undefined : config.apiKeys[0];
  const devSupportKey = process.env.ONRAMP_API_KEYS ? undefined : config.apiKeys.find((k) => k.role === 'support');
  const joinFile = join(config.dataDir, 'join.env');
  writeJoinEnv(joinFile, [
    ['DATABASE_URL', services.embedded.postgres ? services.databaseUrl : undefined],
    ['TEMPORAL_ADDRESS', services.temporalAddress],
    ['TEMPORAL_NAMESPACE', config.temporal.namespace],
    ['ONRAMP_TASK_QUEUE', config.taskQueue],
    ['ONRAMP_CREDENTIALS_KEY', process.env.ONRAMP_CREDENTIALS_KEY ? undefined : config.credentialsKey.toString('base64')],
    // A standalone worker or API refuses to start without API keys.
    ['ONRAMP_API_KEYS', devKey ? [devKey, devSupportKey].flatMap((k) => (k ? [`${k.key}:${k.tenant}:${k.role}`] : [])).join(',') : undefined],
    // Dev allows local webhook receivers; a joined worker or API must judge URLs the same way.
    ['ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS', String(config.webhooks.allowPrivateUrls)],
  ]);
  log(
    [
      '',
      'Onramp is running.',
      `  API           ${apiUrl}`,
      `  API docs      ${stack.docsUrl}`,
      `  Worker        ${workerServer ? `${workerServer.url}/metrics` : '(metrics off: ONRAMP_WORKER_METRICS_PORT=0)'}`,
      `  Temporal UI   ${services.temporalUiUrl ?? `(external Temporal at ${services.temporalAddress})`}`,
      `  API key       ${devKey ? `${devKey.key}  (tenant "${devKey.tenant}", role ${devKey.role})` : '(from ONRAMP_API_KEYS)'}`,
      `  Example host  ${exampleUrl ? `${exampleUrl}${EXAMPLE_PAGE_PATH}  (a product's integrations page, tenant "${exampleKey!.tenant}")` : '(needs a client key)'}`,
      `  Console       ${apiUrl}/console${devSupportKey ? `  (sign in with the support key ${devSupportKey.key})` : '  (sign in with a support key)'}`,
      `  Data dir      ${config.dataDir}   (addresses in stack.json, logs in logs/)`,
      `  Join env      ${joinFile}   (for a worker or API started by hand)`,
      '',
      'Try:',
      `  curl -s -H "Authorization: Bearer ${devKey?.key ?? '<key>'}" ${apiUrl}/v1/integrations`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  // Written last: its presence means the stack is up and the banner printed.
  // Renamed into place: a reader that sees the file never sees it half written.
  const stackFile = join(config.dataDir, 'stack.json');
  await writeFile(`${stackFile}.tmp`, JSON.stringify(stack, null, 2) + '\n');
  await rename(`${stackFile}.tmp`, stackFile);
}

/** The example host on port 3100, or another free one when that is taken, even between choosing and listening. */
async function startExampleHost(options: { apiKey: string; onrampUrl: string }): Promise<{ url: string; close(): Promise<void> }> {
  for (let attempt = 0; ; attempt++) {
    const port = await choosePort(attempt === 0 ? EXAMPLE_HOST_PORT : undefined);
    const url = `http://127.0.0.1:${port}`;
    const host = await buildExampleHost({
      onramp: createOnrampClient({ baseUrl: options.onrampUrl, apiKey: options.apiKey }),
      publicUrl: url,
      onrampUrl: options.onrampUrl,
      endUser: { id: 'example-user', displayName: 'Example user' },
    });
    try {
      await host.listen({ host: '127.0.0.1', port });
      return { url, close: () => host.close() };
    } catch (error) {
      await host.close();
      if ((error as { code?: string }).code !== 'EADDRINUSE' || attempt >= 3) throw error;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
