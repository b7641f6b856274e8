/**
 * The floor's worker in a process of its own, beside Onramp's (bin/worker.ts), both started by
 * bench/stack.ts with the same environment: the same Temporal and Postgres, the same worker
 * tuning and data converter, and nothing of Onramp around the work. /readyz on
 * ONRAMP_WORKER_METRICS_PORT answers 200 once it polls.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { createDatabase } from '../db/database.js';
import { loadConfig } from '../wiring/config.js';
import { projectRoot } from '../platform/project-root.js';
import { dataConverterFor } from '../platform/payload-codec.js';
import { connectWorker } from '../platform/temporal.js';
import { createWorkerLogger } from '../wiring/worker-logger.js';
import { installWorkerRuntime } from '../wiring/worker-runtime.js';
import { tunedWorkerOptions } from '../wiring/worker-tuning.js';
import { bundleWorkflowsInThread } from '../wiring/workflow-bundle.js';
import { createFloorActivities, FLOOR_TASK_QUEUE } from './floor-activities.js';

const config = loadConfig(process.env, { dev: false });
const logger = createWorkerLogger('warn');
await installWorkerRuntime({ logger: logger.sdk });
const db = createDatabase(config.databaseUrl!);
const connection = await connectWorker({ ...config.temporal, address: config.temporal.address! });
const worker = await Worker.create({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: FLOOR_TASK_QUEUE,
  workflowBundle: { code: await bundleWorkflowsInThread({ workflowsPath: join(projectRoot, 'bench', 'floor-workflows.ts'), logger: logger.sdk }) },
  activities: createFloorActivities({ db }),
  dataConverter: dataConverterFor(config.credentialsKey, config.previousCredentialsKeys),
  shutdownGraceTime: '10 seconds',
  ...tunedWorkerOptions(config.worker),
});
const running = worker.run();
const ready = createServer((request, response) => {
  response.statusCode = request.url === '/readyz' && worker.getState() === 'RUNNING' ? 200 : 503;
  response.end();
});
ready.listen(config.workerServer!.port, config.workerServer!.host);
// SIGTERM (installWorkerRuntime's default signals) drains the worker; then the rest goes.
await running;
ready.close();
await Promise.all([connection.close(), db.destroy()]);
