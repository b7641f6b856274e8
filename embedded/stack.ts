import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './postgres.js';
import { claimDataDir } from './run-record.js';
import { DEFAULT_RESTARTS, supervise, type Part, type RestartPolicy } from './supervisor.js';
import { resolveTemporalCli } from './temporal-cli.js';
import { startWatchdog } from './watchdog.js';
import { startTemporalDevServer } from './temporal-server.js';

export interface Services {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  embedded: { postgres: boolean; temporal: boolean };
  /** Stops what this stack started (nothing it was pointed at). */
  stop(): Promise<void>;
  /**
   * Settles if a part this stack started ends on its own (not by stop()) and could not be
   * started again in place within the restart policy: which one and how.
   */
  died: Promise<{ part: string; how: string }>;
}

/** What the stack needs of the configuration: where its data lives, and what it need not start. */
export interface StackSettings {
  dataDir: string;
  /** Set: use that Postgres instead of starting one. */
  databaseUrl: string | undefined;
  /** An address set: use that Temporal instead of starting the dev server. */
  temporal: { address: string | undefined; namespace: string };
  /** Where the started Temporal UI decodes payloads (the API's `/codec`); none: it shows them sealed. */
  codecEndpoint?: string;
  /** How a part that dies is started again (default: 5 attempts, from 1 s, doubling). */
  restarts?: RestartPolicy;
}

/** Starts a part again where it was: its clients hold its address, so another port will not do. */
async function samePlace<T extends Part>(start: () => Promise<T>, where: (part: T) => string, was: string): Promise<T> {
  const part = await start();
  if (where(part) === was) return part;
  await part.stop();
  throw new Error(`its address ${was} is taken by another program`);
}

/**
 * The embedded stack: whatever DATABASE_URL / TEMPORAL_ADDRESS do not point at is started
 * here, with its state under the data dir so a restart keeps it.
 */
export async function startServices(config: StackSettings, log: (line: string) => void): Promise<Services> {
  const logs = join(config.dataDir, 'logs');
  await mkdir(logs, { recursive: true });
  // Before anything starts: a run that was killed may still hold the data dir's ports and locks.
  const claim = await claimDataDir(config.dataDir, log);
  // Stops what this run starts should the run itself be killed (kill -9) before it can.
  const watchdog = startWatchdog(config.dataDir, join(logs, 'watchdog.log'));
  const stops: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  let reportDeath: (death: { part: string; how: string }) => void = () => undefined;
  const died = new Promise<{ part: string; how: string }>((resolve) => (reportDeath = resolve));
  const policy = config.restarts ?? DEFAULT_RESTARTS;
  const keep = <T extends Part>(name: string, first: T, start: () => Promise<T>, where: (part: T) => string) => {
    const supervised = supervise(name, first, () => samePlace(start, where, where(first)), policy, log);
    stops.push(supervised.stop);
    void supervised.gaveUp.then((death) => {
      if (!stopped) reportDeath(death);
    });
  };
  // Idempotent: a second stop (another signal, a failure during shutdown) waits for the first.
  const stop = () =>
    (stopped ??= (async () => {
      for (const s of stops.reverse()) await s().catch((e: unknown) => log(`stop failed: ${String(e)}`));
      claim.release();
      watchdog.stop();
    })());
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      log('onramp: starting embedded Postgres…');
      const startPostgres = (port: number) =>
        startEmbeddedPostgres({ parentDir: config.dataDir, database: 'onramp', port, logFile: join(logs, 'postgres.log'), onSpawn: claim.add });
      const pg = await startPostgres(5433);
      const port = Number(new URL(pg.url).port);
      keep('Postgres', pg, () => startPostgres(port), (p) => p.url);
      databaseUrl = pg.url;
    }
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      log('onramp: starting the Temporal dev server…');
      const cli = await resolveTemporalCli(log);
      const startTemporal = (ports: { grpc: number; ui: number }) =>
        startTemporalDevServer({
          cli,
          dbFile: join(config.dataDir, 'temporal.sqlite'),
          namespace: config.temporal.namespace,
          ui: true,
          ports,
          ...(config.codecEndpoint ? { codecEndpoint: config.codecEndpoint } : {}),
          logFile: join(logs, 'temporal.log'),
          onSpawn: claim.add,
        });
      const temporal = await startTemporal({ grpc: 7233, ui: 8233 });
      const ports = { grpc: Number(temporal.address.split(':').at(-1)), ui: Number(new URL(temporal.uiUrl!).port) };
      keep('Temporal dev server', temporal, () => startTemporal(ports), (t) => `${t.address} ${t.uiUrl}`);
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    }
    return {
      databaseUrl,
      temporalAddress,
      temporalUiUrl,
      embedded: { postgres: !config.databaseUrl, temporal: !config.temporal.address },
      stop,
      died,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
