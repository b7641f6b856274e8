import { readdir, readFile } from 'node:fs/promises';
import { startNodeScript, waitUntilReady } from '../embedded/processes.js';
import { parseProcStat, ticksToMs } from './cpu-split.js';
import { sleep } from './pair.js';

/** A service (worker, API) in a process of its own, as production runs it: what it holds and what it spent. */
export interface ServiceProcess {
  pid: number;
  /** Where it listens (the API's address; a worker's health and metrics). */
  url: string;
  /** Resident memory now, and the most it ever held (start-up included), in MiB; null off Linux. */
  memory(): Promise<{ rssMiB: number; peakMiB: number } | null>;
  /** CPU time (user + system) since it started, in ms; null off Linux. */
  cpuMs(): Promise<number | null>;
  stop(): Promise<void>;
}

const READY_WITHIN_MS = 120_000;

/**
 * Runs `script` with `node --import tsx` (the Dockerfile's command), `env` added to this
 * process's environment, and waits until `readyPath` on 127.0.0.1:`port` answers 200; the output
 * goes to `logFile`.
 */
export async function startServiceProcess(options: { script: string; env: Record<string, string>; port: number; readyPath: string; logFile: string }): Promise<ServiceProcess> {
  const { script, env, port, readyPath, logFile } = options;
  const child = startNodeScript(script, [], { env: { ...process.env, ...env }, logFile, stopSignal: 'SIGTERM', graceMs: 20_000 });
  const pid = child.process.pid!;
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(() => fetch(`${url}${readyPath}`).then((r) => r.ok), child, { timeoutMs: READY_WITHIN_MS, what: script });

  const status = () => readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  const kib = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return {
    pid,
    url,
    async memory() {
      const text = await status();
      if (!text) return null;
      return { rssMiB: Math.round(kib(text, 'VmRSS') / 1024), peakMiB: Math.round(kib(text, 'VmHWM') / 1024) };
    },
    async cpuMs() {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      return stat ? ticksToMs(parseProcStat(stat).own) : null;
    },
    stop: child.stop,
  };
}

/** Samples a service's RSS every `everyMs` until stopped; answers the highest sample (MiB), or null off Linux. */
export function sampleRss(service: ServiceProcess, everyMs = 1_000): { stop(): Promise<number | null> } {
  let peak: number | null = null;
  let running = true;
  const sample = async () => {
    const memory = await service.memory();
    if (memory) peak = Math.max(peak ?? 0, memory.rssMiB);
  };
  const loop = (async () => {
    while (running) {
      await sample();
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await sample();
      return peak;
    },
  };
}

/**
 * The proportional memory (PSS, MiB) of a server and its direct children (Postgres: the postmaster
 * and a backend per connection, whose shared buffers RSS would count once per process); null off Linux.
 */
export async function treePssMiB(rootPid: number): Promise<number | null> {
  const entries = await readdir('/proc').catch(() => null);
  if (!entries) return null;
  let kib = 0;
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (e) => {
        const pid = Number(e);
        const stat = await readFile(`/proc/${e}/stat`, 'utf8').catch(() => null);
        if (!stat || (pid !== rootPid && parseProcStat(stat).ppid !== rootPid)) return;
        const rollup = await readFile(`/proc/${e}/smaps_rollup`, 'utf8').catch(() => null);
        kib += Number(/^Pss:\s+(\d+) kB/m.exec(rollup ?? '')?.[1] ?? 0);
      }),
  );
  return Math.round(kib / 1024);
}

/** Samples `read` every `everyMs` until stopped; answers the highest value, or null when it never read one. */
export function samplePeak(read: () => Promise<number | null>, everyMs = 2_000): { stop(): Promise<number | null> } {
  let peak: number | null = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      const value = await read();
      if (value !== null) peak = Math.max(peak ?? 0, value);
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}
