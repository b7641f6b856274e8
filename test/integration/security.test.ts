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
    app = await buildApp(createApiDeps({ config: testConfig({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }), db, client: temporal.client }), {
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
