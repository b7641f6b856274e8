import { Runtime } from '@temporalio/worker';
import type { Logger } from '@temporalio/common';
import { choosePort } from '../platform/ports.js';

/**
 * Installs the SDK's process-wide Runtime for a worker process: its log lines through `logger`
 * (JSON, redacted), and the core's metrics (task slots, pollers, schedule-to-start latency,
 * sticky cache) on a Prometheus exporter bound to loopback only, which the worker's own
 * /metrics appends (wiring/worker-server.ts), so each worker is one scrape target.
 * Returns the core exporter's URL. Once per process: the SDK refuses a second install.
 */
export async function installWorkerRuntime(options: { logger: Logger; shutdownSignals?: NodeJS.Signals[] }): Promise<{ coreMetricsUrl: string }> {
  const port = await choosePort();
  Runtime.install({
    logger: options.logger,
    ...(options.shutdownSignals ? { shutdownSignals: options.shutdownSignals } : {}),
    telemetryOptions: {
      logging: { forward: {}, filter: { core: 'WARN' } },
      // Durations in seconds and `_total` counters: the names Prometheus conventions expect.
      metrics: { prometheus: { bindAddress: `127.0.0.1:${port}`, countersTotalSuffix: true, useSecondsForDurations: true, unitSuffix: true } },
    },
  });
  return { coreMetricsUrl: `http://127.0.0.1:${port}/metrics` };
}
