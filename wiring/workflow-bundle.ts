import { Worker as Thread } from 'node:worker_threads';
import type { Logger } from '@temporalio/common';
import { failureConverterPath } from '../platform/payload-codec.js';

interface Message {
  code?: string;
  log?: { level: 'info' | 'warn' | 'error'; message: string; meta?: Record<string, unknown> };
}

/**
 * The workflow bundle, built by the SDK's webpack in a thread that exits once it is done. Built
 * in the worker's own thread, webpack left about 100 MB of RSS behind for the life of the
 * process (issue 12: a worker must stay within 400 MB); a thread's heap goes with it.
 */
export function bundleWorkflowsInThread(options: { workflowsPath: string; workflowInterceptorModules?: string[]; logger: Logger }): Promise<string> {
  // Failures raised inside workflows are sealed like the rest (platform/payload-codec.ts).
  const { logger, ...rest } = options;
  const workerData = { ...rest, failureConverterPath };
  return new Promise((resolve, reject) => {
    const thread = new Thread(new URL('../bin/workflow-bundle-thread.mjs', import.meta.url), { workerData });
    thread.on('message', (message: Message) => {
      if (message.log) logger[message.log.level](message.log.message, message.log.meta);
      if (message.code !== undefined) {
        resolve(message.code);
        void thread.terminate();
      }
    });
    thread.once('error', reject);
    thread.once('exit', (exitCode) => reject(new Error(`the workflow bundler stopped (exit code ${exitCode}) before it built the bundle`)));
  });
}
