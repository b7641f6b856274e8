import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createDatabase, migrateToLatest } from '../../db/database.js';
import { insertConnection } from '../../db/repositories/connections.js';
import type { Database } from '../../db/schema.js';
import { createApiDeps } from '../../wiring/compose.js';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../embedded/postgres.js';
import { projectRoot } from '../../platform/project-root.js';
import { resolveTemporalCli } from '../../embedded/temporal-cli.js';
import { startTemporalDevServer, type TemporalDevServer } from '../../embedded/temporal-server.js';
import { dataConverterFor } from '../../platform/payload-codec.js';
import { connectClient } from '../../platform/temporal.js';
import { testConfig } from '../helpers/config.js';

/**
 * Outages of Onramp's own parts answer 503 `unavailable` naming the part, with Retry-After:
 * the client did nothing wrong and may try again. This file runs its own Postgres and Temporal
 * (the run's shared ones must stay up for every other file) and stops them under the API.
 */
describe('the API while its own Postgres or Temporal is down', () => {
  const key = 'outage-client-key-000000001';
  const dir = join(projectRoot, '.test-data', `outages-${randomUUID()}`);
  let postgres: EmbeddedPostgresServer;
  let temporal: TemporalDevServer;
  let db: Kysely<Database>;
  let app: FastifyInstance;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    [postgres, temporal] = await Promise.all([
      startEmbeddedPostgres({ parentDir: dir, database: 'onramp_outage', logFile: join(dir, 'postgres.log') }),
      resolveTemporalCli().then((cli) => startTemporalDevServer({ cli, namespace: 'default', ui: false, logFile: join(dir, 'temporal.log') })),
    ]);
    db = createDatabase(postgres.url, { onIdleError: () => undefined });
    await migrateToLatest(db);
    const config = testConfig({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] });
    // As bin/api.ts connects: calls give up after about a second of retries.
    const client = await connectClient(
      { address: temporal.address, namespace: 'default', apiKey: undefined, tls: undefined },
      dataConverterFor(config.credentialsKey),
      { failFast: true },
    );
    closeClient = () => client.connection.close();
    app = await buildApp(createApiDeps({ config, db, databaseUrl: postgres.url, client }));
  });
  afterAll(async () => {
    await app?.close();
    await closeClient?.();
    await db?.destroy();
    await Promise.all([temporal?.stop(), postgres?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload: payload as object } : {}) });

  function expectUnavailable(res: Awaited<ReturnType<typeof call>>, part: RegExp) {
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    const body = res.json<{ type: string; detail: string }>();
    expect(body.type).toBe('/problems/unavailable');
    expect(body.detail).toMatch(part);
    expect(body.detail).toMatch(/retry/i);
  }

  it('Temporal down: sync now answers 503 naming Temporal, and the connection is untouched', async () => {
    const id = randomUUID();
    await insertConnection(db, {
      id,
      tenant_id: 'acme',
      integration: 'demo',
      name: 'Demo',
      status: 'active',
      config: JSON.stringify({}),
      credentials_encrypted: null,
      onboarding_step: 'done',
      onboarding_state: 'completed',
      onboarding_last_error: null,
      sync_interval_minutes: 60,
    });
    await temporal.stop();
    expectUnavailable(await call('POST', `/v1/connections/${id}/sync`), /Temporal/);
    const row = await db.selectFrom('connections').select(['status', 'consecutive_failures']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'active', consecutive_failures: 0 });
  });

  it('Postgres down: reads, creates and /metrics answer 503 naming Postgres', async () => {
    await postgres.stop();
    expectUnavailable(await call('GET', '/v1/connections'), /Postgres/);
    expectUnavailable(await call('POST', '/v1/connections', { integration: 'demo', credentials: { apiKey: 'k' } }), /Postgres/);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(503);
    expect(metrics.json<{ detail: string }>().detail).toMatch(/Postgres/);
  });
});
