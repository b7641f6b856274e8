import { readdir, readFile } from 'node:fs/promises';

/** CPU time in ms by part of the stack (the bench's own clients included); null off Linux. */
export type CpuSplit = Record<string, number>;

interface ProcTimes {
  ppid: number;
  /** utime + stime, and the same of its reaped children (cutime + cstime), in clock ticks. */
  own: number;
  reaped: number;
}

async function readProcTimes(): Promise<Map<number, ProcTimes> | null> {
  const entries = await readdir('/proc').catch(() => null);
  if (!entries) return null;
  const table = new Map<number, ProcTimes>();
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        const stat = await readFile(`/proc/${e}/stat`, 'utf8').catch(() => null);
        if (!stat) return;
        // Fields after the command name (which may hold spaces, hence the last ')'): ppid is the
        // 4th, utime/stime/cutime/cstime the 14th to 17th, in clock ticks (100 a second on Linux).
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
        table.set(Number(e), { ppid: f[1]!, own: f[11]! + f[12]!, reaped: f[13]! + f[14]! });
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
    let ticks = 0;
    for (const [p, t] of table) if (p === pid) ticks += t.own + t.reaped;
    for (const t of table.values()) if (t.ppid === pid) ticks += t.own + t.reaped;
    split[name] = ticks * 10;
  }
  const self = process.cpuUsage();
  split['bench clients'] = (self.user + self.system) / 1000;
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
