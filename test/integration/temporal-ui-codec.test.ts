import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTemporalCli } from '../../embedded/temporal-cli.js';
import { startTemporalDevServer } from '../../embedded/temporal-server.js';
import { startTestApi, threeKeys } from '../helpers/api-app.js';

const { keys, apiKeys } = threeKeys('uicodec');
const UI = 'http://127.0.0.1:8233';
const plain = { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"connectionId":"c-1"}').toString('base64') }] };

/**
 * Issue 24, item 10: the dev stack's Temporal UI decodes payloads through Onramp's /codec, in the
 * browser, with the console's session cookie (a support key, as before) and no CSRF token, which
 * the UI cannot send: decoding changes nothing.
 */
describe('the Temporal UI\'s codec endpoint', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: FastifyInstance;
  beforeAll(async () => {
    api = await startTestApi({ apiKeys, codecCorsOrigins: [UI] });
    app = api.app;
  });
  afterAll(async () => api?.close());

  it('decodes for the UI\'s origin on a support console session, credentials allowed by CORS', async () => {
    const sealed = await app.inject({ method: 'POST', url: '/codec/encode', headers: { authorization: `Bearer ${keys.support}` }, payload: plain });
    expect(sealed.statusCode).toBe(200);
    const signIn = await app.inject({ method: 'POST', url: '/v1/console/session', payload: { key: keys.support } });
    const cookie = signIn.cookies.find((c) => c.name === 'onramp_console')!;

    const decoded = await app.inject({ method: 'POST', url: '/codec/decode', headers: { origin: UI, 'x-namespace': 'default' }, cookies: { onramp_console: cookie.value }, payload: sealed.json() });
    expect(decoded.statusCode).toBe(200);
    expect(decoded.json()).toEqual(plain);
    expect(decoded.headers).toMatchObject({ 'access-control-allow-origin': UI, 'access-control-allow-credentials': 'true' });

    // Without a session (or with a client key) it stays closed; another origin gets no CORS grant.
    expect((await app.inject({ method: 'POST', url: '/codec/decode', headers: { origin: UI }, payload: sealed.json() })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/codec/decode', headers: { authorization: `Bearer ${keys.acme}` }, payload: sealed.json() })).statusCode).toBe(403);
    const elsewhere = await app.inject({ method: 'POST', url: '/codec/decode', headers: { origin: 'http://127.0.0.1:9999' }, cookies: { onramp_console: cookie.value }, payload: sealed.json() });
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('starts the dev server\'s UI with Onramp\'s codec endpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onramp-ui-codec-'));
    const server = await startTemporalDevServer({ cli: await resolveTemporalCli(), namespace: 'default', ui: true, codecEndpoint: 'http://127.0.0.1:3999/codec', logFile: join(dir, 'temporal.log') });
    try {
      const settings = (await (await fetch(`${server.uiUrl!}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
      expect(settings.Codec.Endpoint).toBe('http://127.0.0.1:3999/codec');
    } finally {
      await server.stop();
    }
  });
});
