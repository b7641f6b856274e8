import type { ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import { startNodeScript, waitUntilReady } from '../../embedded/processes.js';

/**
 * Starts test/helpers/worker-process.ts (a real worker in a process of its own, to be killed
 * with SIGKILL) and resolves once it polls.
 */
export async function spawnWorkerProcess(options: { databaseUrl: string; taskQueue: string; credentialsKey: Buffer; replicaUrl?: string }): Promise<ChildProcess> {
  const child = startNodeScript('test/helpers/worker-process.ts', [], {
    env: {
      ...process.env,
      TEST_DATABASE_URL: options.databaseUrl,
      TEST_TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEST_TASK_QUEUE: options.taskQueue,
      TEST_CREDENTIALS_KEY: options.credentialsKey.toString('base64'),
      TEST_REPLICA_URL: options.replicaUrl ?? 'http://127.0.0.1:9',
      TEST_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    },
    keepLines: true,
    stopSignal: 'SIGKILL',
    graceMs: 0,
  });
  await waitUntilReady(() => child.stdout.includes('worker-ready'), child, { timeoutMs: 120_000, what: 'the worker process', intervalMs: 50 });
  return child.process;
}
