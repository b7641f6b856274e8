import { createRequire } from 'node:module';
import { request } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { ApplicationFailure, defaultPayloadConverter, type FailureConverter } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import type { Database } from '../../db/schema.js';
import { dataConverterFor, failureConverterPath } from '../../platform/payload-codec.js';
import { createApiDeps } from '../../wiring/compose.js';
import { redactedPaths } from '../../wiring/logging.js';
import { testConfig } from '../helpers/config.js';
import { TEST_CREDENTIALS_KEY } from '../helpers/keys.js';
import { createTestDatabase } from '../helpers/database.js';
import { connectTestTemporal } from '../helpers/temporal.js';

const key = 'security-client-key-00000001';
const supportKey = 'security-support-key-0000002';
/** A second client key: the first one spends its budget in the rate-limit test. */
const codecClientKey = 'security-client-key-00000003';

describe('API hardening', () => {
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let databaseUrl: string;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  const logLines: string[] = [];

  beforeAll(async () => {
    ({ db, url: databaseUrl } = await createTestDatabase());
    temporal = await connectTestTemporal();
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    app = await buildApp(createApiDeps({ config: testConfig({ apiKeys: [{ key, tenant: 'acme', role: 'client' }, { key: supportKey, tenant: '*', role: 'support' }, { key: codecClientKey, tenant: 'acme', role: 'client' }], codecCorsOrigins: ['http://127.0.0.1:8233'] }), db, databaseUrl, client: temporal.client }), {
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
    expect(last!.json()).toMatchObject({ type: '/problems/rate-limited', status: 429, detail: expect.stringMatching(/at most 5 a minute/) });
    // Another key has its own budget.
    expect((await app.inject({ url: '/v1/integrations', headers: { authorization: 'Bearer another-key-000000000009' } })).statusCode).toBe(401);
  });

  it('limits requests without a known key per address, refusals included, and never the health probes', async () => {
    const from = (remoteAddress: string, url: string, authorization?: string) =>
      app.inject({ url, remoteAddress, headers: authorization ? { authorization } : {} });
    // Keyless requests share the address's budget: the callback flood also limits the spec…
    const callbacks: number[] = [];
    for (let i = 0; i < 6; i++) callbacks.push((await from('198.51.100.7', '/v1/oauth/callback')).statusCode);
    expect(callbacks.at(-1)).toBe(429);
    const spec = await from('198.51.100.7', '/openapi.json');
    expect(spec.statusCode).toBe(429);
    expect(spec.json()).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    // …but never the probes, however many.
    for (let i = 0; i < 8; i++) {
      expect((await from('198.51.100.7', '/healthz')).statusCode).toBe(200);
      expect((await from('198.51.100.7', '/readyz')).statusCode).toBe(200);
    }
    // A known key from that address keeps its own budget.
    expect((await from('198.51.100.7', '/v1/audit?limit=1', `Bearer ${supportKey}`)).statusCode).toBe(200);

    // Made-up keys get no fresh budget each: they count against the address.
    const guesses: number[] = [];
    for (let i = 0; i < 6; i++) guesses.push((await from('198.51.100.8', '/metrics', `Bearer guessed-key-${i}-000000000000`)).statusCode);
    expect(guesses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(guesses.at(-1)).toBe(429);

    // 401s are limited too.
    const refused: number[] = [];
    for (let i = 0; i < 6; i++) refused.push((await from('198.51.100.9', '/v1/integrations', `Bearer unknown-key-${i}-0000000000`)).statusCode);
    expect(refused).toEqual([401, 401, 401, 401, 401, 429]);
  });

  describe('budgets per holder (issue 25)', () => {
    const apps: FastifyInstance[] = [];
    afterAll(async () => Promise.all(apps.map((a) => a.close())));
    const budgeted = async (options: Parameters<typeof buildApp>[1]) => {
      const built = await buildApp(createApiDeps({ config: testConfig({ apiKeys: [{ key, tenant: 'acme', role: 'client' }, { key: supportKey, tenant: '*', role: 'support' }] }), db, databaseUrl, client: temporal.client }), options);
      apps.push(built);
      return built;
    };
    const statuses = async (times: number, send: () => Promise<{ statusCode: number }>) => {
      const out: number[] = [];
      for (let i = 0; i < times; i++) out.push((await send()).statusCode);
      return out;
    };

    it("gives each Connect session and each console session a budget of its own, apart from the key's", async () => {
      const budget = await budgeted({ requestsPerMinute: 4, sessionRequestsPerMinute: 3 });
      const asKey = (url: string) => budget.inject({ url, headers: { authorization: `Bearer ${key}` } });
      const open = async () => (await budget.inject({ method: 'POST', url: '/v1/connect/sessions', headers: { authorization: `Bearer ${key}` }, payload: {} })).json<{ token: string }>().token;
      const [first, second] = [await open(), await open()];
      const asSession = (token: string) => () => budget.inject({ url: '/v1/connect/session', headers: { authorization: `Bearer ${token}` } });
      expect(await statuses(4, asSession(first))).toEqual([200, 200, 200, 429]);
      const limited = await asSession(first)();
      expect(limited.json()).toMatchObject({ type: '/problems/rate-limited', detail: expect.stringMatching(/at most 3 a minute for this Connect session/) });
      // Another session, and the key that opened both, still have their own.
      expect((await asSession(second)()).statusCode).toBe(200);
      expect((await asKey('/v1/integrations')).statusCode).toBe(200);
      expect((await asKey('/v1/integrations')).statusCode).toBe(200);
      expect((await asKey('/v1/integrations')).statusCode).toBe(429);

      const signIn = await budget.inject({ method: 'POST', url: '/v1/console/session', payload: { key: supportKey } });
      const cookie = signIn.cookies.find((c) => c.name === 'onramp_console')!.value;
      const asConsole = () => budget.inject({ url: '/v1/connections', cookies: { onramp_console: cookie } });
      expect(await statuses(4, asConsole)).toEqual([200, 200, 200, 429]);
      expect((await asConsole()).json().detail).toMatch(/for this console session/);
      expect((await budget.inject({ url: '/v1/connections', headers: { authorization: `Bearer ${supportKey}` } })).statusCode).toBe(200);
    });

    it('keeps the pages and the OAuth callback open to an address whose sign-in attempts and bad keys are limited', async () => {
      const budget = await budgeted({ requestsPerMinute: 3 });
      const from = { remoteAddress: '198.51.100.20' };
      const signIns = await statuses(4, () => budget.inject({ ...from, method: 'POST', url: '/v1/console/session', payload: { key: 'guessed-support-key-0000000' } }));
      expect(signIns).toEqual([401, 401, 401, 429]);
      expect((await budget.inject({ ...from, url: '/v1/integrations', headers: { authorization: 'Bearer guessed-client-key-000000' } })).statusCode).toBe(429);
      // The pages anyone opens count apart: the callback's page (400 without a state) and the spec.
      expect((await budget.inject({ ...from, url: '/v1/oauth/callback' })).statusCode).toBe(400);
      expect((await budget.inject({ ...from, url: '/openapi.json' })).statusCode).toBe(200);
    });

    it('counts each client behind a trusted proxy (ONRAMP_TRUST_PROXY) by its forwarded address, and believes no one else', async () => {
      for (const trustProxy of [['127.0.0.1'], 1]) {
        const behind = await budgeted({ requestsPerMinute: 3, trustProxy });
        const via = (client: string) => () => behind.inject({ url: '/v1/integrations', headers: { 'x-forwarded-for': client } });
        expect(await statuses(4, via('203.0.113.1'))).toEqual([401, 401, 401, 429]);
        expect((await via('203.0.113.2')()).statusCode).toBe(401);
      }
      // Without the setting a client cannot pick its budget by forging the header.
      const direct = await budgeted({ requestsPerMinute: 3 });
      const forged = (client: string) => () => direct.inject({ url: '/v1/integrations', headers: { 'x-forwarded-for': client } });
      expect(await statuses(3, forged('203.0.113.1'))).toEqual([401, 401, 401]);
      expect((await forged('203.0.113.9')()).statusCode).toBe(429);
    });
  });

  it('answers requests the HTTP parser refuses (431 oversized headers, 400 malformed) as problem+json with the usual security headers', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
        const req = request(`${address}/healthz`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        });
        req.on('error', reject);
        req.end();
      });
    const usual = await get({});
    expect(usual.status).toBe(200);
    const tooLarge = await get({ authorization: `Bearer ${'k'.repeat(100 * 1024)}` });
    expect(tooLarge.status).toBe(431);
    expect(tooLarge.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(tooLarge.body)).toMatchObject({ type: '/problems/headers-too-large', status: 431, detail: expect.stringMatching(/shorter Authorization header/) });
    const generic = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
    const security = Object.entries(usual.headers).filter(([name]) => !generic.has(name));
    expect(security.map(([name]) => name)).toEqual(expect.arrayContaining(['content-security-policy', 'strict-transport-security', 'x-content-type-options']));
    for (const [name, value] of security) expect({ name, value: tooLarge.headers[name] }).toEqual({ name, value });

    // A header line without a colon never reaches Fastify either.
    const { port } = new URL(address);
    const raw = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nnot a header\r\n\r\n'));
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
      socket.on('error', reject);
    });
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(head).toMatch(/\r\nx-content-type-options: nosniff/i);
    expect(JSON.parse(body)).toMatchObject({ type: '/problems/validation', status: 400, detail: expect.stringMatching(/not valid HTTP/) });
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
    expect((await app.inject({ method: 'POST', url: '/codec/decode', headers: { authorization: `Bearer ${codecClientKey}` }, payload: sealed })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/codec/decode', payload: sealed })).statusCode).toBe(401);
    const preflight = await app.inject({ method: 'OPTIONS', url: '/codec/decode', headers: { origin: 'https://elsewhere.example' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('seals failure messages and stack traces like payloads, and the codec endpoint opens them for the Temporal UI', async () => {
    // The converter workers, clients and workflow bundles load by path (dataConverterFor names it).
    expect(dataConverterFor(TEST_CREDENTIALS_KEY).failureConverterPath).toBe(failureConverterPath);
    const { failureConverter } = createRequire(import.meta.url)(failureConverterPath) as { failureConverter: FailureConverter };
    const failure = failureConverter.errorToFailure(ApplicationFailure.create({ type: 'AuthFailed', message: 'vendor refused planted-failure-text' }), defaultPayloadConverter);
    expect(failure.message).not.toContain('planted-failure-text');
    expect(failure.stackTrace ?? '').not.toContain('planted-failure-text');
    const [sealed] = await dataConverterFor(TEST_CREDENTIALS_KEY).payloadCodecs![0]!.encode([failure.encodedAttributes!]);
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const asJson = { metadata: Object.fromEntries(Object.entries(sealed!.metadata!).map(([k, v]) => [k, b64(v!)])), data: b64(sealed!.data!) };
    expect(Buffer.from(asJson.data, 'base64').toString('latin1')).not.toContain('planted-failure-text');
    const decoded = await app.inject({ method: 'POST', url: '/codec/decode', headers: { authorization: `Bearer ${supportKey}` }, payload: { payloads: [asJson] } });
    expect(decoded.statusCode, decoded.body).toBe(200);
    const attributes = JSON.parse(Buffer.from(decoded.json().payloads[0].data, 'base64').toString()) as { message: string; stack_trace: string };
    expect(attributes.message).toBe('vendor refused planted-failure-text');
    // And the SDK turns it back into the failure it was.
    expect(failureConverter.failureToError(failure, defaultPayloadConverter)).toMatchObject({ message: 'vendor refused planted-failure-text', type: 'AuthFailed' });
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
