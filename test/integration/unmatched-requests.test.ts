import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, threeKeys } from '../helpers/api-app.js';

const { keys, apiKeys } = threeKeys('unmatched');
const auth = { authorization: `Bearer ${keys.acme}` };

describe('requests no route takes', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    api = await startTestApi({ apiKeys });
    ({ app } = api);
  });
  afterAll(async () => api?.close());
  // TRACE and QUERY are outside the inject types' method list, not outside HTTP.
  const send = (method: string, url: string) => app.inject({ method: method as InjectOptions['method'], url, headers: auth });

  it('answers 405 with Allow for a known path and another method', async () => {
    const res = await send('TRACE', '/v1/connections/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 405, type: '/problems/method-not-allowed' });
    // A path that does not exist at all stays a 404.
    const missing = await send('GET', '/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
  });

  it('answers 405, not a 400 about the body, for a body method without a content type', async () => {
    const res = await send('QUERY', '/v1/integrations');
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('answers a 400 problem, not a bare 414, for a path parameter over the router limit', async () => {
    const res = await send('GET', `/v1/integrations/${'x'.repeat(150)}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, type: '/problems/validation', errors: [{ field: 'params' }] });
  });

  it('answers a 400 problem for a URL with a broken escape', async () => {
    const res = await send('GET', '/v1/integrations/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
