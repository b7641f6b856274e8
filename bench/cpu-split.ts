import { readdir, readFile } from 'node:fs/promises';

/** CPU time in ms by part of the stack (the bench's own clients included); null off Linux. */
export type CpuSplit = Record<string, number>;

export interface ProcTimes {
  ppid: number;
  /** utime + stime, and the same of its reaped children (cutime + cstime), in clock ticks. */
  own: number;
  reaped: number;
}

/** One /proc/<pid>/stat line's parent and CPU times. */
export function parseProcStat(stat: string): ProcTimes {
  // Fields after the command name (which may hold spaces, hence the last ')'): ppid is the 4th,
  // utime/stime/cutime/cstime the 14th to 17th, in clock ticks (100 a second on Linux).
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return { ppid: f[1]!, own: f[11]! + f[12]!, reaped: f[13]! + f[14]! };
}

/** Clock ticks to ms (Linux counts 100 a second). */
export const ticksToMs = (ticks: number) => ticks * 10;

async function readProcTimes(): Promise<Map<number, ProcTimes> | null> {
  const entries = await readdir('/proc').catch(() => null);
  if (!entries) return null;
  const table = new Map<number, ProcTimes>();
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        const stat = await readFile(`/proc/${e}/stat`, 'utf8').catch(() => null);
        if (stat) table.set(Number(e), parseProcStat(stat));
      }),
  );
  return table;
}

/**
 * Reads, for each named process, the CPU it and its children spent so far (Postgres does its
 * work in a backend process per connection, children of the postmaster), and this process's own.
 */
export async function cpuSnapshot(pids: Record<string, number>): Promise<CpuSplit | null> {
  const table = await readProcTimes();
  if (!table) return null;
  const split: CpuSplit = {};
  for (const [name, pid] of Object.entries(pids)) {
    const self = table.get(pid);
    let ticks = self ? self.own + self.reaped : 0;
    for (const t of table.values()) if (t.ppid === pid) ticks += t.own + t.reaped;
    split[name] = ticksToMs(ticks);
  }
  const clients = process.cpuUsage();
  split['bench clients'] = (clients.user + clients.system) / 1000;
  return split;
}

/** What each part spent between two snapshots, per unit of work (ms each, rounded). */
export function cpuPerUnit(before: CpuSplit | null, after: CpuSplit | null, units: number): CpuSplit | null {
  if (!before || !after || units === 0) return null;
  const per: CpuSplit = {};
  for (const name of Object.keys(after)) per[name] = Math.round((after[name]! - (before[name] ?? 0)) / units);
  per.total = Object.values(per).reduce((a, b) => a + b, 0);
  return per;
}
