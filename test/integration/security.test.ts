import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import type { Database } from '../../db/schema.js';
import { createApiDeps } from '../../runtime/compose.js';
import { redactedPaths } from '../../runtime/logging.js';
import { testConfig } from '../helpers/config.js';
import { createTestDatabase } from '../helpers/database.js';
import { connectTestTemporal } from '../helpers/temporal.js';

const key = 'security-client-key-00000001';
const supportKey = 'security-support-key-0000002';

describe('API hardening', () => {
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  const logLines: string[] = [];

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    temporal = await connectTestTemporal();
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await buildApp(createApiDeps({ config: testConfig({ apiKeys: [{ key, tenant: 'acme', role: 'client' }, { key: supportKey, tenant: '*', role: 'support' }], codecCorsOrigins: ['http://127.0.0.1:8233'] }), db, client: temporal.client }), {
      logger: { level: 'info', stream, redact: { paths: redactedPaths, censor: '[redacted]' } },
      requestsPerMinute: 5,
    });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.close();
    await db?.destroy();
  });

  it('sends security headers and no CORS grant', async () => {
    const res = await app.inject({ url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits requests per API key with a 429 problem and Retry-After', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await app.inject({ url: '/v1/integrations', headers: { authorization: `Bearer ${key}` } });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(last!.headers['retry-after']).toBeDefined();
    expect(last!.headers['content-type']).toMatch(/problem\+json/);
    expect(last!.json()).toMatchObject({ status: 429, detail: expect.stringMatching(/at most 5 a minute/) });
    // Another key has its own budget.
    expect((await app.inject({ url: '/v1/integrations', headers: { authorization: 'Bearer another-key-000000000009' } })).statusCode).toBe(401);
  });

  it('offers the Temporal UI a codec endpoint: support keys only, CORS for the UI origin only', async () => {
    const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"connectionId":"c-1"}').toString('base64') }] };
    const encoded = await app.inject({ method: 'POST', url: '/codec/encode', headers: { authorization: `Bearer ${supportKey}` }, payload: plain });
    expect(encoded.statusCode).toBe(200);
    const sealed = encoded.json() as typeof plain;
    expect(Buffer.from(sealed.payloads[0]!.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed.payloads[0]!.data, 'base64').toString('latin1')).not.toContain('connectionId');
    const decoded = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { authorization: `Bearer ${supportKey}`, origin: 'http://127.0.0.1:8233' },
      payload: sealed,
    });
    expect(decoded.json()).toEqual(plain);
    expect(decoded.headers['access-control-allow-origin']).toBe('http://127.0.0.1:8233');
    expect((await app.inject({ method: 'POST', url: '/codec/decode', headers: { authorization: `Bearer ${key}` }, payload: sealed })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/codec/decode', payload: sealed })).statusCode).toBe(401);
    const preflight = await app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: 'https://elsewhere.example' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('publishes Prometheus metrics: requests by route pattern, connections by status', async () => {
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/onramp_http_requests_total\{route="\/v1\/integrations",method="GET",status="200"\} \d+/);
    expect(res.body).toContain('# TYPE onramp_connections gauge');
    expect(res.body).toContain('onramp_api_process_resident_memory_bytes');
    // Route patterns only: no connection ids or query strings in label values.
    expect(res.body).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('redacts secrets wherever they appear in a log line', () => {
    app.log.info(
      { req: { headers: { authorization: 'Bearer planted-secret-1' } }, body: { credentials: { apiKey: 'planted-secret-2' } }, tokens: { accessToken: 'planted-secret-3', refreshToken: 'planted-secret-4' } },
      'a line carrying secrets',
    );
    const line = logLines.find((l) => l.includes('a line carrying secrets'))!;
    expect(line).toBeDefined();
    expect(line).not.toMatch(/planted-secret/);
    expect(line).toContain('[redacted]');
  });
});
