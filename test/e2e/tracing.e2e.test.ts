import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { choosePort } from '../../platform/ports.js';
import { createTestDatabase } from '../helpers/database.js';
import { startEntryPoint, type EntryPoint } from '../helpers/entry-point.js';
import { startCollector, type Collector, type ReceivedSpan } from '../helpers/otlp-collector.js';
import { TEST_CREDENTIALS_KEY } from '../helpers/keys.js';
import { uniqueTaskQueue, waitFor } from '../helpers/temporal.js';
import { startCloudflareReplica, type CloudflareReplica } from '../replicas/cloudflare-server.js';

const key = 'tracing-client-key-000000001';

/**
 * The API and a worker as production runs them, exporting to a collector: one trace from the
 * API's request through the workflow it starts and its activity to the provider's HTTP call.
 */
describe('traces across API, workflow, activity and provider call', () => {
  let collector: Collector;
  let replica: CloudflareReplica;
  let api: EntryPoint | undefined;
  let worker: EntryPoint | undefined;
  let apiUrl: string;

  beforeAll(async () => {
    collector = await startCollector();
    replica = await startCloudflareReplica();
    replica.tokens.set('traced-token', {});
    const { db, url } = await createTestDatabase();
    await db.destroy();
    const [apiPort, workerPort] = [await choosePort(), await choosePort()];
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const env = {
      DATABASE_URL: url,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ONRAMP_TASK_QUEUE: uniqueTaskQueue('tracing'),
      ONRAMP_API_KEYS: `${key}:acme:client`,
      ONRAMP_CREDENTIALS_KEY: TEST_CREDENTIALS_KEY.toString('base64'),
      ONRAMP_ENDPOINT_CLOUDFLARE_API: replica.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // Export within a fraction of a second, so the test waits on spans, not on the batch timer.
      OTEL_BSP_SCHEDULE_DELAY: '100',
      LOG_LEVEL: 'warn',
    };
    [api, worker] = await Promise.all([
      startEntryPoint('bin/api.ts', { ...env, ONRAMP_API_PORT: String(apiPort), ONRAMP_WORKER_METRICS_PORT: '0' }, `${apiUrl}/readyz`),
      startEntryPoint('bin/worker.ts', { ...env, ONRAMP_WORKER_METRICS_PORT: String(workerPort) }, `http://127.0.0.1:${workerPort}/readyz`),
    ]);
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await replica?.close();
    await collector?.close();
  });

  it('links the provider HTTP call to the API request that started onboarding', async () => {
    const zone = replica.zones[0]!;
    const created = await fetch(`${apiUrl}/v1/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ integration: 'cloudflare', credentials: { apiToken: 'traced-token' }, config: { zoneId: zone.id }, initialHistoryDays: 1 }),
    });
    expect(created.status).toBe(201);

    const byId = () => new Map(collector.spans.map((s) => [s.spanId, s]));
    const ancestry = (span: ReceivedSpan) => {
      const spans = byId();
      const chain = [span];
      for (let parent = spans.get(span.parentSpanId); parent; parent = spans.get(parent.parentSpanId)) chain.push(parent);
      return chain;
    };
    // The token check during onboarding: the worker's fetch to the provider, traced back to the
    // request (workflow spans arrive when the workflow finishes, once the connection is active).
    const chain = await waitFor('the provider call traced back to the request', async () => {
      const call = collector.spans.find((s) => s.service === 'onramp-worker' && String(s.attributes['url.full'] ?? '').startsWith(`${replica.url}/user/tokens/verify`));
      const found = call && ancestry(call);
      return found?.at(-1)?.name === 'POST /v1/connections' ? found : undefined;
    });
    expect(new Set(chain.map((s) => s.traceId)).size).toBe(1);
    const names = chain.map((s) => `${s.service} ${s.name}`);
    expect(names[0]).toMatch(/^onramp-worker GET$/);
    expect(names).toContainEqual(expect.stringMatching(/^onramp-worker RunActivity:/));
    expect(names).toContainEqual(expect.stringMatching(/^onramp-worker RunWorkflow:onboarding/));
    expect(names).toContainEqual(expect.stringMatching(/^onramp-api StartWorkflow:onboarding/));
    expect(names.at(-1)).toBe('onramp-api POST /v1/connections');
    expect(chain.at(-1)!.attributes).toMatchObject({ 'http.route': '/v1/connections', 'http.response.status_code': 201 });
  });
});
