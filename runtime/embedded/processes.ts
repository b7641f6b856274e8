import type { ChildProcess } from 'node:child_process';

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
