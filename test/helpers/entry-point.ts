import { startNodeScript, waitUntilReady } from '../../embedded/processes.js';

export interface EntryPoint {
  /** Complete lines written to stdout so far. */
  stdout: string[];
  stderr: string[];
  /** SIGTERM (SIGKILL after a grace), then waits for the exit. */
  stop(): Promise<void>;
}

/** Longer than a worker's bundling on a loaded 2-core machine; a crash at start fails at once anyway. */
const READY_WITHIN_MS = 120_000;

/**
 * One of the production entry points (bin/worker.ts, bin/api.ts) in a process of its own, as
 * compose runs them, configured only by the environment given (plus PATH); resolves once
 * `readyUrl` answers 200.
 */
export async function startEntryPoint(script: 'bin/worker.ts' | 'bin/api.ts', env: Record<string, string>, readyUrl: string): Promise<EntryPoint> {
  const child = startNodeScript(script, [], { env: { PATH: process.env.PATH, ...env }, keepLines: true, stopSignal: 'SIGTERM', graceMs: 20_000 });
  await waitUntilReady(async () => (await fetch(readyUrl)).status === 200, child, { timeoutMs: READY_WITHIN_MS, what: script });
  return { stdout: child.stdout, stderr: child.stderr, stop: child.stop };
}
