import type { ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import { startNodeScript, waitUntilReady } from '../../embedded/processes.js';

/**
 * Starts test/helpers/worker-process.ts (a real worker in a process of its own, to be killed
 * with SIGKILL) and resolves once it polls.
 */
export async function spawnWorkerProcess(options: {
  databaseUrl: string;
  taskQueue: string;
  credentialsKey: Buffer;
  replicaUrl?: string;
  /** More `ONRAMP_ENDPOINT_…` overrides (providers played by replicas). */
  endpointOverrides?: Record<string, string>;
  /** OAuth clients by provider env slug, as the worker's config takes them. */
  oauthClients?: Record<string, { clientId: string; clientSecret: string }>;
  /** The API's public URL (OAuth redirect URIs are built from it). */
  publicUrl?: string;
}): Promise<ChildProcess> {
  const child = startNodeScript('test/helpers/worker-process.ts', [], {
    env: {
      ...process.env,
      TEST_DATABASE_URL: options.databaseUrl,
      TEST_TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEST_TASK_QUEUE: options.taskQueue,
      TEST_CREDENTIALS_KEY: options.credentialsKey.toString('base64'),
      TEST_REPLICA_URL: options.replicaUrl ?? 'http://127.0.0.1:9',
      TEST_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      TEST_ENDPOINT_OVERRIDES: JSON.stringify(options.endpointOverrides ?? {}),
      TEST_OAUTH_CLIENTS: JSON.stringify(options.oauthClients ?? {}),
      ...(options.publicUrl ? { TEST_PUBLIC_URL: options.publicUrl } : {}),
    },
    keepLines: true,
    stopSignal: 'SIGKILL',
    graceMs: 0,
  });
  await waitUntilReady(() => child.stdout.includes('worker-ready'), child, { timeoutMs: 120_000, what: 'the worker process', intervalMs: 50 });
  return child.process;
}
