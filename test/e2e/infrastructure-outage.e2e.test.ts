import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { createDatabase, migrateToLatest } from '../../db/database.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../embedded/postgres.js';
import { projectRoot } from '../../platform/project-root.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor, workerLogLines } from '../helpers/temporal.js';
import { replicaMetricsProvider } from '../providers/test-providers.js';
import { startMetricsReplica, type MetricsReplica } from '../replicas/metrics-server.js';

const key = 'infra-client-key-00000000001';

/**
 * Issue 11: a Postgres outage was recorded as provider-style failures and pushed connections
 * toward `error`. Here Onramp's own Postgres (this file's, not the run's shared one) goes down
 * in the middle of a sync: the run must say so, and the connection's health must not suffer.
 */
describe('a sync during an outage of Onramp\'s own Postgres', () => {
  const dir = join(projectRoot, '.test-data', `infra-${randomUUID()}`);
  let postgres: EmbeddedPostgresServer;
  let replica: MetricsReplica;
  let stack: TestStack;
  const { runs, waitForRuns, syncNow } = syncHelpers(() => stack, key);
  const startPostgres = (port?: number) => startEmbeddedPostgres({ parentDir: dir, database: 'onramp_infra', logFile: join(dir, 'postgres.log'), port });

  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    postgres = await startPostgres();
    replica = await startMetricsReplica();
    replica.validKeys.add('good-key');
    // The pool meets a server that went away: later queries reconnect or fail, never crash the process.
    const db = createDatabase(postgres.url, { onIdleError: () => undefined });
    await migrateToLatest(db);
    stack = await startTestStack({
      database: { db, url: postgres.url },
      providers: createProviderRegistry([...builtInProviders, replicaMetricsProvider], {
        endpointOverrides: { ONRAMP_ENDPOINT_REPLICA_METRICS_API: replica.url },
      }),
      config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }], sync: { failuresBeforeError: 1 } }),
    });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
    await postgres?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('records the run as infrastructure_unavailable and counts nothing against the connection', async () => {
    const created = await stack.api<ConnectionView>(key, '/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'replica-metrics', credentials: { apiKey: 'good-key' }, initialHistoryDays: 1 }),
    });
    const id = created.body.id;
    await waitFor('the first sync', async () => (await runs(id))[0]?.status === 'succeeded');

    // The vendor stumbles once and asks for 5 s; in that pause Onramp's Postgres goes away, so
    // every later attempt of the fetch meets our outage, not the vendor's.
    replica.failNext(503, { times: 1, retryAfterSeconds: 5 });
    const arrived = replica.nextCall();
    await syncNow(id);
    await arrived;
    const port = Number(new URL(postgres.url).port);
    await postgres.stop();
    await waitFor('the run to give up on the fetch and wait to record itself', async () =>
      workerLogLines.some((line) => line.includes('infrastructure unavailable') && line.includes('finishSyncRun')),
    );
    postgres = await startPostgres(port);

    const [latest] = await waitForRuns(id, 2);
    expect(latest).toMatchObject({ status: 'failed', error: { code: 'infrastructure_unavailable', message: expect.stringMatching(/Postgres/) } });
    // failuresBeforeError is 1: had the outage counted, the connection would now be in `error`.
    const connection = (await stack.api<ConnectionView>(key, `/v1/connections/${id}`)).body;
    expect(connection).toMatchObject({ status: 'active', sync: { consecutiveFailures: 0, lastStatus: 'succeeded', lastError: null } });
    // Nor is it the tenant's news: no sync.failed to page its customers, the operators' log says it instead.
    const events = await stack.db.selectFrom('events').select('type').where('connection_id', '=', id).orderBy('sequence').execute();
    expect(events.map((e) => e.type)).toContain('sync.succeeded');
    expect(events.map((e) => e.type)).not.toContain('sync.failed');
    await waitFor('the operators\' log line', async () => workerLogLines.some((line) => line.includes('no sync.failed event sent') && line.includes(id)));
  });
});
