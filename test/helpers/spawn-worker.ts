import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { projectRoot } from '../../runtime/embedded/project-root.js';

/**
 * Starts test/helpers/worker-process.ts (a real worker in a process of its own, to be killed
 * with SIGKILL) and resolves once it polls.
 */
export function spawnWorkerProcess(options: { databaseUrl: string; taskQueue: string; credentialsKey: Buffer; replicaUrl?: string }): Promise<ChildProcess> {
  // Node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a child process,
  // which a SIGKILL sent to the CLI would leave running.
  const proc = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test', 'helpers', 'worker-process.ts')], {
    env: {
      ...process.env,
      TEST_DATABASE_URL: options.databaseUrl,
      TEST_TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEST_TASK_QUEUE: options.taskQueue,
      TEST_CREDENTIALS_KEY: options.credentialsKey.toString('base64'),
      TEST_REPLICA_URL: options.replicaUrl ?? 'http://127.0.0.1:9',
      TEST_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    proc.stdout?.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('worker-ready')) resolve(proc);
    });
    proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    proc.once('exit', (code) => reject(new Error(`worker process exited (${code}):\n${output}`)));
  });
}
