import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandLine, stopProcess } from './proc.js';

/** A server process the stack started, with what it takes to recognise and stop it later. */
export interface SpawnedProcess {
  name: string;
  pid: number;
  /** Exactly as spawned: binary and arguments, which name the data dir. */
  argv: string[];
  stopSignal: NodeJS.Signals;
  graceMs: number;
  /** A file the server keeps holding its own pid (Postgres: postmaster.pid). */
  pidFile?: string;
}

interface RunRecord {
  owner: { pid: number; argv: string[] };
  processes: SpawnedProcess[];
}

export interface RunClaim {
  /** Written at once, so that a crash a moment later still leaves it on record. */
  add(spawned: SpawnedProcess): void;
  /** After a clean stop: nothing of ours is left to find. */
  release(): void;
}

const sameArgv = (a: string[] | null, b: string[]) => a !== null && a.length === b.length && a.every((arg, i) => arg === b[i]);

/**
 * Pids get reused: a recorded process is ours only while its command line is still the one we
 * spawned (binary and data dir) and, where it keeps a pid file, that file still names it.
 */
async function isOurs(p: SpawnedProcess): Promise<boolean> {
  if (!sameArgv(await commandLine(p.pid), p.argv)) return false;
  if (!p.pidFile) return true;
  const firstLine = (await readFile(p.pidFile, 'utf8').catch(() => '')).split('\n')[0]?.trim();
  return firstLine === String(p.pid);
}

function readRecord(file: string, log: (line: string) => void): RunRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  } catch (error) {
    // Written by rename, so only a hand edit gets here; the servers' own locks still guard the data.
    log(`onramp: ignoring ${file}, which is not readable JSON (${(error as Error).message}); it is rewritten now`);
    return undefined;
  }
}

/** Stops what a run recorded and left running, in reverse start order, as a clean stop would: Temporal before the Postgres it may be using. */
async function stopRecorded(record: RunRecord, log: (line: string) => void): Promise<void> {
  for (const p of [...record.processes].reverse()) {
    if (!(await isOurs(p))) continue;
    log(`onramp: stopping the ${p.name} (pid ${p.pid}) that a previous run left behind…`);
    await stopProcess(p.pid, p.stopSignal, p.graceMs);
  }
}

/**
 * For the watchdog, once the run `ownerPid` is gone: stops what it left running and drops its
 * record. Touches nothing when the record is another run's (a new run has claimed the data dir
 * and cleans up itself) or is gone (the run stopped cleanly).
 */
export async function stopOrphans(dataDir: string, ownerPid: number, log: (line: string) => void): Promise<void> {
  const file = join(dataDir, 'processes.json');
  const record = readRecord(file, log);
  if (record?.owner.pid !== ownerPid) return;
  await stopRecorded(record, log);
  if (readRecord(file, log)?.owner.pid === ownerPid) rmSync(file, { force: true });
}

/**
 * Takes the data dir for this run (`<dataDir>/processes.json`). What a previous run that died
 * without stopping (kill -9, crash) left running is stopped first, since it holds the data
 * dir's locks and ports; a previous run that is still alive is refused with what to do.
 */
export async function claimDataDir(dataDir: string, log: (line: string) => void): Promise<RunClaim> {
  const file = join(dataDir, 'processes.json');
  const self = { pid: process.pid, argv: (await commandLine(process.pid)) ?? [] };
  const previous = readRecord(file, log);
  if (previous) {
    if (previous.owner.pid !== self.pid && sameArgv(await commandLine(previous.owner.pid), previous.owner.argv)) {
      throw new Error(
        `another Onramp dev stack (pid ${previous.owner.pid}) is running on ${dataDir}. ` +
          `Stop it (Ctrl-C in its terminal, or kill ${previous.owner.pid}), or set ONRAMP_DATA_DIR to another folder.`,
      );
    }
    await stopRecorded(previous, log);
  }
  const record: RunRecord = { owner: self, processes: [] };
  const write = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2) + '\n');
    renameSync(`${file}.tmp`, file);
  };
  write();
  return {
    add: (spawned) => {
      record.processes.push(spawned);
      write();
    },
    release: () => rmSync(file, { force: true }),
  };
}
