import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql, type Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { Database } from '../db/schema.js';

export interface WorkerServerDeps {
  registry: Registry;
  db: Kysely<Database>;
  /** Both of the process's pollers are running (not starting, draining or failed). */
  isRunning: () => boolean;
  /** The SDK core's own Prometheus exporter (task slots, pollers, latencies), appended to /metrics. */
  coreMetricsUrl?: string;
}

/** A probe must answer before the orchestrator's own timeout; a hung Postgres means not ready. */
const PROBE_TIMEOUT_MS = 2_000;

async function postgresReachable(db: Kysely<Database>): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), PROBE_TIMEOUT_MS).unref());
  const ping = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  return Promise.race([ping, timeout]);
}

async function coreMetrics(url: string | undefined): Promise<string> {
  if (!url) return '';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return res.ok ? await res.text() : '';
  } catch {
    // Onramp's counters are still worth a scrape when the core exporter does not answer.
    return '';
  }
}

/**
 * The worker's probes and scrape endpoint: /healthz (the process answers), /readyz (pollers
 * running and Postgres reachable; 503 otherwise) and /metrics (Onramp's counters followed by the
 * SDK core's, so one scrape target per worker). Plain node:http: three GETs need no framework.
 */
export async function startWorkerServer(deps: WorkerServerDeps, listen: { host: string; port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET') return reply(405, JSON.stringify({ error: 'method not allowed' }));
    if (path === '/healthz') return reply(200, JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      void (async () => {
        const worker = deps.isRunning();
        const postgres = await postgresReachable(deps.db);
        reply(worker && postgres ? 200 : 503, JSON.stringify({ status: worker && postgres ? 'ready' : 'not ready', worker: worker ? 'running' : 'not running', postgres: postgres ? 'up' : 'down' }));
      })();
      return;
    }
    if (path === '/metrics') {
      void (async () => {
        try {
          const [own, core] = await Promise.all([deps.registry.metrics(), coreMetrics(deps.coreMetricsUrl)]);
          reply(200, own + (core ? `\n${core}` : ''), deps.registry.contentType);
        } catch (error) {
          reply(500, JSON.stringify({ error: (error as Error).message }));
        }
      })();
      return;
    }
    reply(404, JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
