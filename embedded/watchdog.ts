/**
 * The dev stack's watchdog: a small process of its own that outlives a `kill -9` of the stack
 * and then stops what the stack started (Temporal dev server, Postgres), so that they do not run
 * on without a parent until the next start. Node has no parent-death signal (Linux's prctl
 * PR_SET_PDEATHSIG), and Postgres must be stopped with its own fast shutdown (SIGINT) rather than
 * killed, so a process that polls its owner is the portable way. It works from the run record
 * (`processes.json`), which always names the current pids, restarts included.
 *
 * Run as `node --import tsx embedded/watchdog.ts <dataDir> <ownerPid>`; started by startWatchdog.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../platform/project-root.js';
import { commandLine } from './proc.js';
import { stopOrphans } from './run-record.js';

const POLL_MS = 500;

/** Waits while the owner runs (the same command line: pids get reused), then stops what it left. */
export async function watch(dataDir: string, ownerPid: number, log: (line: string) => void): Promise<void> {
  const argv = (await commandLine(ownerPid))?.join('\0');
  while (argv !== undefined && (await commandLine(ownerPid))?.join('\0') === argv) await sleep(POLL_MS);
  await stopOrphans(dataDir, ownerPid, log);
}

/**
 * Starts the watchdog for this process, in its own process group (a Ctrl-C to the terminal's
 * group is for the stack, which stops its parts in order) and writing to `logFile` rather than
 * to a pipe that breaks when the stack dies. Answers how to end it after a clean stop.
 */
export function startWatchdog(dataDir: string, logFile: string): { stop(): void } {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), dataDir, String(process.pid)], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  closeSync(out);
  return { stop: () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGTERM')) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dataDir, owner] = process.argv.slice(2);
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  watch(dataDir!, Number(owner), log).then(
    () => process.exit(0),
    (error: unknown) => {
      log(`onramp watchdog: ${String(error)}`);
      process.exit(1);
    },
  );
}
