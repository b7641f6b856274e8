import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import pino, { type DestinationStream, type Level } from 'pino';
import { workerRedaction } from './logging.js';

const levels: Record<LogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * The worker's log lines as JSON, one per line, censored like the API's (wiring/logging.ts),
 * for the SDK's Runtime (workflow, activity and core messages) and for the entry point itself.
 */
export function createWorkerLogger(level: string, destination?: DestinationStream): { pino: pino.Logger; sdk: Logger } {
  const log = pino(
    {
      level,
      base: { pid: process.pid, component: 'worker' },
      redact: workerRedaction,
      // The SDK passes failures as `error` or `failure`; without these they would print as {}.
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err, failure: pino.stdSerializers.err },
    },
    destination,
  );
  const write = (sdkLevel: LogLevel, message: string, meta?: LogMetadata) => log[levels[sdkLevel]]({ ...meta }, message);
  return {
    pino: log,
    sdk: {
      log: write,
      trace: (message, meta) => write('TRACE', message, meta),
      debug: (message, meta) => write('DEBUG', message, meta),
      info: (message, meta) => write('INFO', message, meta),
      warn: (message, meta) => write('WARN', message, meta),
      error: (message, meta) => write('ERROR', message, meta),
    },
  };
}
