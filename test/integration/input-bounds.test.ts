import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import { startTestApi, threeKeys } from '../helpers/api-app.js';

const { keys, apiKeys } = threeKeys('bounds');
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const demoBody = { integration: 'demo', name: 'Shop', config: { site: 'shop' }, credentials: { apiKey: 'sk_bounds_1' } };
const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** `{ a: { a: … } }`, `levels` objects deep. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'x' };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describe('bad input is a 400 naming the field, never a 500', () => {
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let id: string;

  beforeAll(async () => {
    api = await startTestApi({
      apiKeys,
      oauth: { clients: { GOOGLE_ANALYTICS: { clientId: 'bounds-client', clientSecret: 'bounds-secret' } }, returnUrls: ['https://app.example.test/'] },
    });
    ({ app, db } = api);
    const created = await app.inject({ method: 'POST', url: '/v1/connections', headers: auth(keys.acme), payload: demoBody });
    id = created.json().id;
    // Syncing routes (backfill) need an activated connection; no worker runs here to activate it.
    await db.updateTable('connections').set({ status: 'active', onboarding_step: 'done' }).where('id', '=', id).execute();
  });
  afterAll(async () => api?.close());

  const expectProblem = async (request: InjectOptions, field: string, message?: RegExp) => {
    const res = await app.inject({ ...request, headers: { ...auth(keys.acme), ...request.headers } });
    const label = `${request.method ?? 'GET'} ${request.url as string}`;
    expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBe(400);
    expect(res.headers['content-type'], label).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.type).toBe('/problems/validation');
    const error = body.errors.find((e: { field: string }) => e.field === field);
    expect(error, `${label}: ${JSON.stringify(body.errors)}`).toBeDefined();
    if (message) expect(error.message).toMatch(message);
    return body;
  };

  describe('strings Postgres cannot store: NUL, unpaired surrogates', () => {
    const nul = /NUL/;
    const cases: [string, InjectOptions, string][] = [
      ['POST name', { method: 'POST', url: '/v1/connections', payload: { ...demoBody, name: 'a\u0000b' } }, 'body.name'],
      ['POST config value', { method: 'POST', url: '/v1/connections', payload: { ...demoBody, config: { site: 'a\u0000' } } }, 'body.config.site'],
      ['POST nested config value', { method: 'POST', url: '/v1/connections', payload: { ...demoBody, config: { site: 's', tags: [{ x: ['ok', '\u0000'] }] } } }, 'body.config.tags.0.x.1'],
      ['POST config key', { method: 'POST', url: '/v1/connections', payload: { ...demoBody, config: { 'si\u0000te': 's' } } }, 'body.config.si\u0000te'],
      ['POST credentials value', { method: 'POST', url: '/v1/connections', payload: { ...demoBody, credentials: { apiKey: 'k\u0000' } } }, 'body.credentials.apiKey'],
      ['POST Idempotency-Key', { method: 'POST', url: '/v1/connections', payload: demoBody, headers: { 'idempotency-key': 'key\u0000' } }, 'headers.idempotency-key'],
      ['GET ?integration=', { url: '/v1/connections?integration=a%00b' }, 'querystring.integration'],
      [
        'POST OAuth returnUrl (a valid URL to the URL parser)',
        { method: 'POST', url: '/v1/connections', payload: { integration: 'google-analytics', returnUrl: 'https://app.example.test/done?x=\u0000' } },
        'body.returnUrl',
      ],
    ];
    it.each(cases)('%s', async (_name, request, field) => {
      await expectProblem(request, field, nul);
    });

    it.each([
      ['POST config value', { method: 'POST', url: '/v1/connections', payload: { ...demoBody, config: { site: 'a\ud800b' } } }, 'body.config.site'],
      ['POST config key', { method: 'POST', url: '/v1/connections', payload: { ...demoBody, config: { site: 's', ['\udc00']: 1 } } }, 'body.config.\udc00'],
      ['POST name (text would keep U+FFFD instead)', { method: 'POST', url: '/v1/connections', payload: { ...demoBody, name: 'a\udc00' } }, 'body.name'],
    ] as [string, InjectOptions, string][])('unpaired surrogate: %s', async (_name, request, field) => {
      await expectProblem(request, field, /surrogate/);
    });

    it('PATCH name and PUT config, and nothing is stored', async () => {
      await expectProblem({ method: 'PATCH', url: `/v1/connections/${id}`, payload: { name: 'x\u0000' } }, 'body.name', nul);
      await expectProblem({ method: 'PUT', url: `/v1/connections/${id}/config`, payload: { config: { site: '\u0000' } } }, 'body.config.site', nul);
      const row = await db.selectFrom('connections').select(['name', 'config']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: 'Shop', config: { site: 'shop' } });
    });
  });

  describe('free-form config and credentials are bounded', () => {
    // Written by hand: JSON.stringify itself overflows the stack at this depth.
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const deepBody = (field: string) => ({
      method: 'POST' as const,
      url: '/v1/connections',
      headers: { 'content-type': 'application/json' },
      payload: `{"integration":"demo","${field}":${deep}}`,
    });
    const cases: [string, InjectOptions, string, RegExp][] = [
      ['POST config 10,000 deep', deepBody('config'), 'body.config', /deeper than 32/],
      ['POST credentials 10,000 deep', deepBody('credentials'), 'body.credentials', /deeper than 32/],
      ['PUT config 33 deep', { method: 'PUT', url: `/v1/connections/${UNKNOWN_ID}/config`, payload: { config: nested(33) } }, 'body.config', /deeper than 32/],
      [
        'POST config with 5,000 keys',
        { method: 'POST', url: '/v1/connections', payload: { ...demoBody, config: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])) } },
        'body.config',
        /more than 1000/,
      ],
    ];
    it.each(cases)('%s', async (_name, request, field, message) => {
      await expectProblem(request, field, message);
    });

    it('takes config nested 32 deep and refuses 33', async () => {
      const res = await app.inject({ method: 'POST', url: '/v1/connections', headers: auth(keys.acme), payload: { ...demoBody, config: { site: 's', extra: nested(31) } } });
      expect(res.statusCode, res.body).toBe(201);
      await expectProblem({ method: 'POST', url: '/v1/connections', payload: { ...demoBody, config: { site: 's', extra: nested(32) } } }, 'body.config', /deeper than 32/);
    });
  });

  describe('cursors are parsed strictly per list', () => {
    const cases: [string, string][] = [
      ['connections ["x","y"]', `/v1/connections?cursor=${cursor(['x', 'y'])}`],
      ['connections, bad uuid', `/v1/connections?cursor=${cursor(['2026-01-01T00:00:00.000Z', 'y'])}`],
      ['connections, year 0000', `/v1/connections?cursor=${cursor(['0000-01-01T00:00:00.000Z', UNKNOWN_ID])}`],
      ['kpis ["x","y","z"]', `/v1/kpis?cursor=${cursor(['x', 'y', 'z'])}`],
      ['kpis, year 0000', `/v1/kpis?cursor=${cursor(['0000-01-01', UNKNOWN_ID, 'revenue'])}`],
      ['kpis, NUL in key', `/v1/kpis?cursor=${cursor(['2026-01-01', UNKNOWN_ID, 're\u0000'])}`],
      ['syncs, beyond bigint', `/v1/connections/${UNKNOWN_ID}/syncs?cursor=${cursor(['99999999999999999999999'])}`],
    ];
    it.each(cases)('%s', async (_name, url) => {
      // The syncs list checks the connection after the cursor; the known one must be used.
      await expectProblem({ url: url.replace(UNKNOWN_ID + '/syncs', `${id}/syncs`) }, 'querystring.cursor', /nextCursor/);
    });
  });

  it('audit: pages with the cursor it issued and refuses one beyond a bigint', async () => {
    // Two audited requests of its own, so there is a second page whatever ran before.
    for (let i = 0; i < 2; i++) {
      const renamed = await app.inject({ method: 'PATCH', url: `/v1/connections/${id}`, headers: auth(keys.acme), payload: { name: 'Shop' } });
      expect(renamed.statusCode, renamed.body).toBe(200);
    }
    const first = (await app.inject({ url: '/v1/audit?limit=1', headers: auth(keys.acme) })).json();
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await app.inject({ url: `/v1/audit?limit=1&cursor=${first.nextCursor}`, headers: auth(keys.acme) });
    expect(second.statusCode, second.body).toBe(200);
    expect(Number(second.json().items[0].id)).toBeLessThan(Number(first.items[0].id));
    await expectProblem({ url: `/v1/audit?cursor=${cursor(['99999999999999999999999'])}` }, 'querystring.cursor', /nextCursor/);
  });

  describe('dates are days from 2000-01-01 to 2099-12-31', () => {
    const range = /2000-01-01.*2099-12-31/;
    it.each([
      ['kpis from=0000-01-01', { url: '/v1/kpis?from=0000-01-01' }, 'querystring.from'],
      ['kpis to=9999-12-31', { url: '/v1/kpis?to=9999-12-31' }, 'querystring.to'],
      ['kpis from=2026-02-30', { url: '/v1/kpis?from=2026-02-30' }, 'querystring.from'],
    ] as [string, InjectOptions, string][])('%s', async (_name, request, field) => {
      await expectProblem(request, field, range);
    });

    it('a backfill of year 0000 on an active connection, and no backfill is recorded', async () => {
      await expectProblem({ method: 'POST', url: `/v1/connections/${id}/backfill`, payload: { from: '0000-01-01', to: '0000-01-31' } }, 'body.from', range);
      expect(await db.selectFrom('backfills').select('id').execute()).toEqual([]);
    });

    it('takes the bounds themselves and refuses the day after', async () => {
      const res = await app.inject({ url: '/v1/kpis?from=2000-01-01&to=2099-12-31', headers: auth(keys.acme) });
      expect(res.statusCode, res.body).toBe(200);
      await expectProblem({ url: '/v1/kpis?to=2100-01-01' }, 'querystring.to', range);
    });
  });

  it('answers a body of another content type, on an operation that takes none, with a 415 titled in words', async () => {
    for (const url of [`/v1/connections/${id}/sync`, `/v1/connections/${id}/pause`]) {
      const res = await app.inject({ method: 'POST', url, headers: { ...auth(keys.acme), 'content-type': 'application/xml' }, payload: '<sync/>' });
      expect(res.statusCode, res.body).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        type: '/problems/unsupported-media-type',
        title: 'Unsupported body content type',
        status: 415,
        detail: expect.stringMatching(/"application\/xml" is not accepted: send application\/json, or no body at all/),
      });
      expect(res.body).not.toContain('FST_');
    }
  });

  it('answers the OAuth callback with an over-long state as a 400 page, not a 500', async () => {
    const res = await app.inject({ url: `/v1/oauth/callback?code=c&state=${'s'.repeat(600)}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/cannot be used[\s\S]*Start the connection again/);
  });

  it('answers /codec/decode of a tampered payload with a 400 naming it', async () => {
    const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"a":1}').toString('base64') }] };
    const encoded = await app.inject({ method: 'POST', url: '/codec/encode', headers: auth(keys.support), payload: { payloads: [plain.payloads[0], plain.payloads[0]] } });
    const sealed = encoded.json() as typeof plain;
    const data = Buffer.from(sealed.payloads[1]!.data, 'base64');
    data[data.length - 1]! ^= 1;
    sealed.payloads[1]!.data = data.toString('base64');
    const res = await app.inject({ method: 'POST', url: '/codec/decode', headers: auth(keys.support), payload: sealed });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([{ field: 'body.payloads.1', message: expect.stringMatching(/cannot be decrypted/) }]);
    const truncated = { payloads: [{ ...sealed.payloads[0]!, data: 'AAAA' }] };
    const short = await app.inject({ method: 'POST', url: '/codec/decode', headers: auth(keys.support), payload: truncated });
    expect(short.statusCode, short.body).toBe(400);
    expect(short.json().errors[0].field).toBe('body.payloads.0');
  });
});
