import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../runtime/embedded/project-root.js';

export interface EntryPoint {
  /** Complete lines written to stdout so far. */
  stdout: string[];
  stderr: string[];
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * One of the production entry points (bin/worker.ts, bin/api.ts) in a process of its own, as
 * compose runs them, configured only by the environment given (plus PATH).
 */
export function startEntryPoint(script: 'bin/worker.ts' | 'bin/api.ts', env: Record<string, string>): EntryPoint {
  const child: ChildProcess = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), [join(projectRoot, script)], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    stdout.push(...lines.filter(Boolean));
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stdout,
    stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
