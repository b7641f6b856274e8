import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../platform/project-root.js';

/** Sends `signal`, then SIGKILL if the child has not exited within `graceMs`. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * Children run in their own process group (a Ctrl-C must reach only us, so that we can stop
 * them in order); this makes sure they still go when we exit without stopping them.
 */
export function killOnExit(child: ChildProcess, signal: NodeJS.Signals): void {
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));
}

/** Enough of the end of the output to say why a child failed, without holding a whole log. */
const TAIL_LINES = 50;

export interface ChildOptions extends Pick<SpawnOptions, 'cwd' | 'env' | 'detached' | 'uid' | 'gid'> {
  /** Both streams are appended to this file, as they come. */
  logFile?: string;
  /** Keep every complete line of stdout and stderr (a test asserts on them); otherwise only the tail. */
  keepLines?: boolean;
  /** How `stop()` asks it to go, and how long it has before SIGKILL. */
  stopSignal: NodeJS.Signals;
  graceMs: number;
  /** Sent if we exit while it still runs (SIGKILL unless it must clean up, as Postgres must). */
  exitSignal?: NodeJS.Signals;
}

export interface StartedChild {
  process: ChildProcess;
  /** Complete lines so far, when `keepLines`. */
  stdout: string[];
  stderr: string[];
  /** The last lines of both streams, interleaved as they came. */
  tail(): string;
  logFile?: string;
  /** Settles when it exited or could not be started. */
  exited: Promise<void>;
  /** Settles when its output has all been read (after the exit, unless something else holds the pipes). */
  drained: Promise<void>;
  /** How it ended ("exited with code 3", "was killed by SIGKILL"), or null while it runs. */
  ending(): string | null;
  /** `stopSignal`, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(): Promise<void>;
}

/** Spawns `command`, collects its output, and makes sure it does not outlive us. */
export function startChild(command: string, args: string[], options: ChildOptions): StartedChild {
  const { logFile, keepLines = false, stopSignal, graceMs, exitSignal = 'SIGKILL', ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child, exitSignal);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // Also the place for a later error (a failed kill), which must not crash us either.
    child.on('error', (error) => {
      if (child.pid !== undefined) return;
      spawnError = error;
      resolve();
    });
  });

  const drained = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const sink = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  void drained.then(() => sink?.end());
  const recent: string[] = [];
  const kept = { stdout: [] as string[], stderr: [] as string[] };
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = child[name]!;
    if (sink) stream.pipe(sink, { end: false });
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (keepLines) kept[name].push(line);
      recent.push(line);
      if (recent.length > TAIL_LINES) recent.shift();
    });
  }

  return {
    process: child,
    ...kept,
    tail: () => recent.join('\n'),
    logFile,
    exited,
    drained,
    ending() {
      if (spawnError) return `could not be started (${spawnError.message})`;
      if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
      return child.exitCode !== null ? `exited with code ${child.exitCode}` : null;
    },
    // A child that never started never sends the exit stopChild waits for.
    stop: () => (spawnError ? Promise.resolve() : stopChild(child, stopSignal, graceMs)),
  };
}

/**
 * A TypeScript entry point run by Node itself with tsx's loader, as the Dockerfile runs it. Not
 * the tsx CLI: that runs the script in a grandchild, which a signal to the CLI may leave running.
 */
export function startNodeScript(script: string, args: string[], options: Omit<ChildOptions, 'cwd'>): StartedChild {
  // cwd is where `--import tsx` is resolved from; `script` may be relative to it.
  return startChild(process.execPath, ['--import', 'tsx', resolve(projectRoot, script), ...args], { ...options, cwd: projectRoot });
}

/**
 * Polls `check` until it answers true. Fails at once when the child ends first, or at the
 * deadline (a hanging check included), and then stops the child; either error names what the
 * child said last, since that is usually why.
 */
export async function waitUntilReady(
  check: () => boolean | Promise<boolean>,
  child: StartedChild,
  options: { timeoutMs: number; what: string; intervalMs?: number },
): Promise<void> {
  const { timeoutMs, what, intervalMs = 200 } = options;
  const timer = new AbortController();
  // One timer for the whole wait; it must not keep a process alive that has nothing else to do.
  const late = sleep(timeoutMs, 'late' as const, { ref: false, signal: timer.signal }).catch(() => 'late' as const);
  const gone = child.exited.then(() => 'gone' as const);
  let lastError: unknown;
  const attempt = async () => {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      return false;
    }
  };
  const fail = async (reason: string) => {
    await child.stop();
    // The last words may still be in the pipes when the exit is reported.
    await Promise.race([child.drained, sleep(1_000, undefined, { ref: false })]);
    const where = child.logFile ? ` (full output in ${child.logFile})` : '';
    const tail = child.tail();
    return new Error(`${what} ${reason}${where}${tail ? `; its last output:\n${tail}` : ''}`, { cause: lastError });
  };

  try {
    for (;;) {
      const outcome = await Promise.race([attempt(), gone, late]);
      if (outcome === true) return;
      if (outcome === 'gone') throw await fail(child.process.pid === undefined ? child.ending()! : `${child.ending()} before it was ready`);
      if (outcome === 'late') {
        const lastly = lastError === undefined ? '' : ` (last check: ${lastError instanceof Error ? lastError.message : String(lastError)})`;
        throw await fail(`was not ready within ${timeoutMs / 1000} s${lastly}`);
      }
      // An exit or the deadline during the pause is seen by the next round's race.
      await Promise.race([sleep(intervalMs), gone, late]);
    }
  } finally {
    timer.abort();
  }
}
