/**
 * `npm run worker`: a Temporal worker against DATABASE_URL and TEMPORAL_ADDRESS (production
 * shape; run as many as you like). Migrates on start; SIGINT/SIGTERM drain it.
 */
import { createDatabase, migrateToLatest } from '../db/database.js';
import { ConfigError, loadConfig } from '../runtime/config.js';
import { createOnrampWorker, runtimeConfig } from '../runtime/compose.js';
import { ensureReconcilerSchedule } from '../runtime/sync-schedules.js';
import { dataConverterFor } from '../runtime/payload-codec.js';
import { connectClient, connectWorker } from '../runtime/temporal.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, { dev: false });
  const address = config.temporal.address;
  if (!config.databaseUrl || !address) {
    throw new ConfigError(['DATABASE_URL and TEMPORAL_ADDRESS are required for a standalone worker (npm run dev starts both)']);
  }
  const db = createDatabase(config.databaseUrl, { onIdleError: (e) => console.error('postgres idle client error:', e.message) });
  await migrateToLatest(db);
  const temporal = { ...config.temporal, address };
  const client = await connectClient(temporal, dataConverterFor(config.credentialsKey, config.previousCredentialsKeys));
  const connection = await connectWorker(temporal);
  const worker = await createOnrampWorker({ config: runtimeConfig(config), db, client, connection, namespace: config.temporal.namespace });
  const running = worker.run();
  await ensureReconcilerSchedule(client, config.taskQueue);
  // The SDK shuts the worker down on SIGINT/SIGTERM; run() resolves once it has drained.
  await running;
  await Promise.all([connection.close(), client.connection.close(), db.destroy()]);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
