import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, type NativeConnection } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import type { Database } from '../../db/schema.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import { createOnrampWorker, type OnrampWorker, type RuntimeConfig, type WorkerSlots } from '../../wiring/compose.js';
import { dataConverterFor } from '../../platform/payload-codec.js';
import { connectClient, connectWorker } from '../../platform/temporal.js';
import type { WebhookRetryPolicy } from '../../domain/webhook-retry.js';
import { TEST_CREDENTIALS_KEY } from './keys.js';

/**
 * Every line the workers of this test process log (DEBUG and up), for tests that inspect logs
 * (test/e2e/secrets.e2e.test.ts). Only errors are printed: expected failures (bad keys,
 * simulated outages) would otherwise fill the output. Installed once per process.
 */
export const workerLogLines: string[] = [];
try {
  Runtime.install({
    logger: new DefaultLogger('DEBUG', (entry) => {
      const line = `${entry.level} ${entry.message} ${JSON.stringify(entry.meta ?? {})}`;
      workerLogLines.push(line);
      if (entry.level === 'ERROR') console.error(line);
    }),
  });
} catch {
  // already installed by another file in this process
}

export const uniqueTaskQueue = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function connectTestTemporal(
  credentialsKey: Buffer = TEST_CREDENTIALS_KEY,
  previousKeys: Buffer[] = [],
): Promise<{ client: Client; connection: NativeConnection; close(): Promise<void> }> {
  const config = { address: inject('temporalAddress'), namespace: 'default', apiKey: undefined, tls: undefined };
  const client = await connectClient(config, dataConverterFor(credentialsKey, previousKeys));
  const connection = await connectWorker(config);
  return {
    client,
    connection,
    close: async () => {
      await Promise.all([client.connection.close(), connection.close()]);
    },
  };
}

/** A real worker on the run's bundle, with the real activities over the given database. */
export async function createTestWorker(options: {
  db: Kysely<Database>;
  client: Client;
  connection: NativeConnection;
  config: RuntimeConfig;
  providers?: ProviderRegistry;
  slots?: WorkerSlots;
  webhookRetry?: WebhookRetryPolicy;
}): Promise<OnrampWorker> {
  return createOnrampWorker({
    config: options.config,
    slots: options.slots,
    webhookRetry: options.webhookRetry,
    providers: options.providers,
    db: options.db,
    client: options.client,
    connection: options.connection,
    namespace: 'default',
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
}

/** How long a wait may take by default: a safety net sized for a loaded 2-core machine, not a measurement. */
export const WAIT_DEADLINE_MS = 90_000;

/** Polls `probe` until it returns a value, or fails with the last value seen. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = WAIT_DEADLINE_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
