import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { choosePort } from '../../platform/ports.js';
import { projectRoot } from '../../platform/project-root.js';
import { startEntryPoint, type EntryPoint } from '../helpers/entry-point.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';

const key = 'observe-client-key-000000001';

/**
 * The production worker entry point (bin/worker.ts) in a process of its own, as compose runs
 * it: its probes and its one scrape target, watched while it runs a demo sync.
 */
describe('a worker you can watch', () => {
  let stack: TestStack;
  let worker: EntryPoint | undefined;
  let workerUrl: string;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
    const port = await choosePort();
    workerUrl = `http://127.0.0.1:${port}`;
    worker = await startEntryPoint('bin/worker.ts', {
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ONRAMP_TASK_QUEUE: stack.config.taskQueue,
      ONRAMP_API_KEYS: `${key}:acme:client`,
      ONRAMP_CREDENTIALS_KEY: stack.config.credentialsKey.toString('base64'),
      ONRAMP_WORKER_METRICS_PORT: String(port),
      LOG_LEVEL: 'info',
    }, `${workerUrl}/readyz`);
  });
  afterAll(async () => {
    await worker?.stop();
    await stack?.close();
  });

  it('serves Onramp and SDK metrics on /metrics during a sync, reports ready, and logs JSON lines', async () => {
    expect((await fetch(`${workerUrl}/healthz`)).status).toBe(200);
    const created = await stack.api<ConnectionView>(key, '/v1/connections', {
      method: 'POST',
      body: JSON.stringify({ integration: 'demo', config: { site: 'observe' }, credentials: { apiKey: 'observe-demo-key' } }),
    });
    expect(created.status).toBe(201);

    const scrape = async () => (await fetch(`${workerUrl}/metrics`)).text();
    const metrics = await waitFor('the first sync run to be counted', async () => {
      const text = await scrape();
      return /^onramp_sync_runs_total\{kind="scheduled",outcome="succeeded"\} 1$/m.test(text) ? text : undefined;
    });
    // testConnection during onboarding, then the sync's fetch: both reached the provider.
    expect(Number(/^onramp_provider_calls_total\{provider="demo",result="ok"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(/^# TYPE onramp_provider_errors_total counter$/m);
    expect(metrics).toMatch(/^# TYPE onramp_token_refreshes_total counter$/m);
    // The SDK core's own metrics on the same scrape: slots, pollers, schedule-to-start latency.
    expect(metrics).toMatch(/^temporal_worker_task_slots_available\{.*task_queue="[^"]+".*\} \d+/m);
    expect(metrics).toMatch(/^temporal_num_pollers\{/m);
    expect(metrics).toMatch(/^temporal_activity_schedule_to_start_latency_seconds_bucket\{/m);

    // The dashboard queries only metrics that the API's or the worker's scrape has.
    const scraped = metrics + (await (await fetch(`${stack.baseUrl}/metrics`)).text());
    const dashboard = readFileSync(join(projectRoot, 'ops', 'grafana', 'dashboards', 'onramp.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/\b(?:onramp|temporal)_[a-z_]+/g)].map(([name]) => name.replace(/_bucket$/, '')));
    expect(queried.size).toBeGreaterThan(10);
    for (const name of queried) expect(scraped, name).toContain(`# TYPE ${name} `);

    const ready = await fetch(`${workerUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', worker: 'running', postgres: 'up' });

    // Every line is one JSON object on stdout (no multi-line printed objects, nothing on stderr),
    // the SDK's and webpack's included.
    const { stdout, stderr } = worker!;
    expect(stderr.join('')).toBe('');
    expect(stdout.length).toBeGreaterThan(0);
    for (const line of stdout) expect(() => JSON.parse(line), line).not.toThrow();
    const messages = stdout.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain('worker health and metrics listening');
    // Webpack's report when it bundled at start; a current prebuilt bundle (npm run build:workflows) says so instead.
    expect(messages.filter((m) => m === 'Workflow bundle created' || m === 'workflows: using the prebuilt bundle')).toHaveLength(1);
  });
});
