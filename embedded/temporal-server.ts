import { Connection } from '@temporalio/client';
import { choosePort } from '../platform/ports.js';
import { startChild, waitUntilReady } from './processes.js';
import type { SpawnedProcess } from './run-record.js';

export interface TemporalDevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
  /** Settles when the server process has ended, however (a stop, a crash, kill -9), saying how. */
  ended: Promise<string>;
}

export interface TemporalDevServerOptions {
  cli: string;
  /** SQLite file that keeps workflows and schedules across restarts; in memory when absent. */
  dbFile?: string;
  namespace: string;
  ports?: { grpc?: number; ui?: number };
  ui: boolean;
  /** The UI's remote codec endpoint (Onramp's `/codec`), so the UI shows payloads decoded. */
  codecEndpoint?: string;
  logFile?: string;
  readyTimeoutMs?: number;
  /** Told the server's pid as soon as it is spawned (the dev stack records it for a crash). */
  onSpawn?: (spawned: SpawnedProcess) => void;
}

/**
 * The SQLite file in write-ahead-log mode, synced at checkpoints rather than at every commit.
 * With SQLite's defaults (rollback journal, a full sync per commit) the store's fsyncs were the
 * limit of the whole stack on this kind of machine: 20 concurrent onboardings took p50 3.5–4.3 s,
 * with these 1.9 s (issue 12, measured side by side). A commit still survives a crash of the
 * server or of the stack (kill -9); only the last moments before a power loss or kernel crash
 * can be lost, which a development store can afford.
 */
const FILE_PRAGMAS = ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'];

/** `temporal server start-dev` as a child process, ready when it answers a health check. */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const grpc = await choosePort(options.ports?.grpc);
  const http = await choosePort();
  const metrics = await choosePort();
  const ui = options.ui ? await choosePort(options.ports?.ui) : null;
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(grpc),
    '--http-port', String(http),
    '--metrics-port', String(metrics),
    '--namespace', options.namespace,
    '--log-level', 'warn',
    // Activities a workflow task schedules come back in that task's completion, to a worker with a
    // free slot, instead of through the server's transfer queue and matching: tens of ms each on a
    // busy host (a backfill's chunks). Off by default in the server; set it there in production too.
    '--dynamic-config-value', 'system.enableActivityEagerExecution=true',
    ...(options.dbFile ? ['--db-filename', options.dbFile, ...FILE_PRAGMAS] : []),
    ...(ui ? ['--ui-port', String(ui), '--ui-ip', '127.0.0.1', '--ui-disable-news-fetch'] : ['--headless']),
    ...(ui && options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
  ];
  const graceMs = 15_000;
  const child = startChild(options.cli, args, { detached: true, logFile: options.logFile, stopSignal: 'SIGTERM', graceMs });
  const { pid, spawnargs } = child.process;
  if (pid !== undefined) options.onSpawn?.({ name: 'Temporal dev server', pid, argv: spawnargs, stopSignal: 'SIGTERM', graceMs });
  const address = `127.0.0.1:${grpc}`;
  await waitUntilReady(() => serving(address), child, { timeoutMs: options.readyTimeoutMs ?? 60_000, what: `Temporal dev server (on ${address})` });
  return { address, uiUrl: ui ? `http://127.0.0.1:${ui}` : null, stop: child.stop, ended: child.exited.then(() => child.ending() ?? 'ended') };
}

async function serving(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}
