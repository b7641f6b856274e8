import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres } from './postgres.js';
import { claimDataDir } from './run-record.js';
import { resolveTemporalCli } from './temporal-cli.js';
import { startTemporalDevServer } from './temporal-server.js';

export interface Services {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  embedded: { postgres: boolean; temporal: boolean };
  /** Stops what this stack started (nothing it was pointed at). */
  stop(): Promise<void>;
  /**
   * Settles if a part this stack started ends on its own (not by stop()): which one and how. Its
   * clients cannot go on without it, and restarting it under them is not this stack's job.
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
  const stops: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  let reportDeath: (death: { part: string; how: string }) => void = () => undefined;
  const died = new Promise<{ part: string; how: string }>((resolve) => (reportDeath = resolve));
  const watch = (part: string, ended: Promise<string>) =>
    void ended.then((how) => {
      if (!stopped) reportDeath({ part, how });
    });
  // Idempotent: a second stop (another signal, a failure during shutdown) waits for the first.
  const stop = () =>
    (stopped ??= (async () => {
      for (const s of stops.reverse()) await s().catch((e: unknown) => log(`stop failed: ${String(e)}`));
      claim.release();
    })());
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      log('onramp: starting embedded Postgres…');
      const pg = await startEmbeddedPostgres({
        parentDir: config.dataDir,
        database: 'onramp',
        port: 5433,
        logFile: join(logs, 'postgres.log'),
        onSpawn: claim.add,
      });
      stops.push(pg.stop);
      watch('Postgres', pg.ended);
      databaseUrl = pg.url;
    }
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      log('onramp: starting the Temporal dev server…');
      const temporal = await startTemporalDevServer({
        cli: await resolveTemporalCli(log),
        dbFile: join(config.dataDir, 'temporal.sqlite'),
        namespace: config.temporal.namespace,
        ui: true,
        ports: { grpc: 7233, ui: 8233 },
        ...(config.codecEndpoint ? { codecEndpoint: config.codecEndpoint } : {}),
        logFile: join(logs, 'temporal.log'),
        onSpawn: claim.add,
      });
      stops.push(temporal.stop);
      watch('Temporal dev server', temporal.ended);
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
