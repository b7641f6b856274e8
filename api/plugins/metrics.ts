import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql, type Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../../db/schema.js';

/**
 * GET /metrics in Prometheus text format: the API's own request counts and latencies, and,
 * read from Postgres at scrape time, connections by status and sync runs of the last 24 hours
 * by status. A registry per app (no global state), so tests and several apps stay apart.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, options: { db: Kysely<Database> }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'onramp_api_' });
    const requests = new Counter({
      name: 'onramp_http_requests_total',
      help: 'HTTP requests answered, by route, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    });
    const latency = new Histogram({
      name: 'onramp_http_request_duration_seconds',
      help: 'HTTP request duration, by route',
      labelNames: ['route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    new Gauge({
      name: 'onramp_connections',
      help: 'Connections by status',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await options.db.selectFrom('connections').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
        for (const row of rows) this.set({ status: row.status }, Number(row.n));
      },
    });
    new Gauge({
      name: 'onramp_sync_runs_last_24h',
      help: 'Sync runs started in the last 24 hours, by status',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await options.db
          .selectFrom('sync_runs')
          .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
          .where('started_at', '>', new Date(Date.now() - 86_400_000))
          .groupBy('status')
          .execute();
        for (const row of rows) this.set({ status: row.status }, Number(row.n));
      },
    });

    new Gauge({
      name: 'onramp_sync_run_failures_last_24h',
      help: "Failed sync runs started in the last 24 hours, by error code (infrastructure_unavailable: Onramp's own Postgres or Temporal, not the provider)",
      labelNames: ['code'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await options.db
          .selectFrom('sync_runs')
          .select([sql<string>`coalesce(error->>'code', 'unknown')`.as('code'), (eb) => eb.fn.countAll<string>().as('n')])
          .where('status', '=', 'failed')
          .where('started_at', '>', new Date(Date.now() - 86_400_000))
          .groupBy(sql`1`)
          .execute();
        for (const row of rows) this.set({ code: row.code }, Number(row.n));
      },
    });

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, never the raw URL: ids and query strings would explode the label space.
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ route, method: request.method, status: String(reply.statusCode) });
      latency.observe({ route }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'onramp-metrics' },
);
