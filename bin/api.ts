/** `npm run api`: the HTTP API against DATABASE_URL and TEMPORAL_ADDRESS (production shape). */
import { buildApp } from '../api/app.js';
import { createDatabase } from '../db/database.js';
import { ConfigError, loadConfig } from '../wiring/config.js';
import { loggerOptions } from '../wiring/logging.js';
import { createApiDeps, runtimeConfig } from '../wiring/compose.js';
import { dataConverterFor } from '../platform/payload-codec.js';
import { connectClient } from '../platform/temporal.js';
import { startTracing, tracingClientInterceptors } from '../wiring/tracing.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, { dev: false });
  const address = config.temporal.address;
  if (!config.databaseUrl || !address) {
    throw new ConfigError(['DATABASE_URL and TEMPORAL_ADDRESS are required for a standalone API (npm run dev starts both)']);
  }
  const tracing = startTracing({ serviceName: 'onramp-api', otlpEndpoint: config.otlpEndpoint });
  const db = createDatabase(config.databaseUrl);
  const client = await connectClient({ ...config.temporal, address }, dataConverterFor(config.credentialsKey, config.previousCredentialsKeys), {
    failFast: true,
    ...(tracing ? { interceptors: tracingClientInterceptors() } : {}),
  });
  const app = await buildApp(createApiDeps({ config: runtimeConfig(config), db, databaseUrl: config.databaseUrl, client }), {
    logger: loggerOptions(config.logLevel),
    requestsPerMinute: config.api.requestsPerMinute,
    sessionRequestsPerMinute: config.api.sessionRequestsPerMinute,
    ...(config.api.trustProxy !== undefined ? { trustProxy: config.api.trustProxy } : {}),
    ...(tracing ? { tracer: tracing.tracer } : {}),
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'closing');
      // Not an onClose hook: those run before Fastify's own, which waits for requests in flight,
      // and those requests still need the Temporal client and Postgres to answer.
      void app
        .close()
        .then(() => Promise.all([client.connection.close(), db.destroy(), tracing?.shutdown()]))
        .then(() => process.exit(0));
    });
  }
  await app.listen({ host: config.api.host, port: config.api.port });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
