import { readFile } from 'node:fs/promises';

/**
 * The argv of a running process from /proc, or null when it is gone. A zombie counts as gone:
 * it holds no port, lock or file, and an init that is slow to reap it must not stall us.
 * Off Linux (no /proc) every process looks gone, so nothing is ever signalled by mistake.
 */
export async function commandLine(pid: number): Promise<string[] | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the parenthesised name, which may itself hold ") ".
    if (stat[stat.lastIndexOf(')') + 2] === 'Z') return null;
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw === '' ? null : raw.replace(/\0$/, '').split('\0');
  } catch {
    return null;
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if ((await commandLine(pid)) === null) return true;
    // Not our child, so there is no exit event to wait on: poll /proc.
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await commandLine(pid)) === null;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Stops a process that is not our child: `stopSignal`, then SIGKILL if it is still there
 * after `graceMs`. Resolves once it is gone; throws when even SIGKILL did not end it.
 */
export async function stopProcess(pid: number, stopSignal: NodeJS.Signals, graceMs: number): Promise<void> {
  signal(pid, stopSignal);
  if (await gone(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  if (!(await gone(pid, 5_000))) throw new Error(`process ${pid} did not exit after SIGKILL; stop it yourself (kill -9 ${pid})`);
}
