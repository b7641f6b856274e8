// The entry point of the throwaway thread that builds the workflow bundle (wiring/workflow-bundle.ts).
// Plain JavaScript, so it loads under any runner (node --import tsx, vitest) without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { bundleWorkflowCode } from '@temporalio/worker';

const forward = (level) => (message, meta) => parentPort.postMessage({ log: { level, message, meta } });
const logger = { trace: () => {}, debug: () => {}, info: forward('info'), warn: forward('warn'), error: forward('error'), log: (level, message, meta) => forward(level.toLowerCase())(message, meta) };

const { code } = await bundleWorkflowCode({ ...workerData, logger });
parentPort.postMessage({ code });
