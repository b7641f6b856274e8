import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCredentialsTokens } from '../../providers/client-credentials.js';
import { ProviderError } from '../../providers/errors.js';
import { requestJson } from '../../providers/http.js';
import { credentialSecrets, scrub, scrubError } from '../../providers/scrub.js';

// A secret with every character a vendor's encoding changes: a solidus, quotes, a backslash, a
// plus, a space, an equals sign, a non-ASCII letter.
const id = 'client id/7';
const secret = 'sk_"live"/A+b c=\\é-9';
const basic = (text: string) => Buffer.from(text).toString('base64');
const form = (text: string) => new URLSearchParams({ x: text }).toString().slice(2);
/** JSON as ASCII-only writers produce it: every non-ASCII character as \uXXXX. */
const asciiJson = (text: string) => JSON.stringify(text).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Every spelling a vendor has been seen to echo a credential in. */
const spellings: [string, string][] = [
  ['raw', secret],
  ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
  ['JSON-escaped with \\/', JSON.stringify(secret).slice(1, -1).replaceAll('/', '\\/')],
  ['JSON-escaped, ASCII only', asciiJson(secret)],
  ['JSON-escaped, ASCII only, upper-case hex', asciiJson(secret).replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`)],
  ['URL-encoded (encodeURIComponent)', encodeURIComponent(secret)],
  ['URL-encoded, lower-case hex', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
  ['form-encoded (+ for space)', form(secret)],
  ['every byte percent-encoded', [...Buffer.from(secret)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')],
  ['URL-encoded JSON', encodeURIComponent(JSON.stringify(secret).slice(1, -1))],
  ['base64 of id:secret', basic(`${id}:${secret}`)],
  ['base64 of form-encoded id:secret (RFC 6749 §2.3.1)', basic(`${form(id)}:${form(secret)}`)],
  ['base64url of id:secret', Buffer.from(`${id}:${secret}`).toString('base64url')],
  ['base64 of id:secret, JSON-escaped', JSON.stringify(basic(`${id}:${secret}`)).slice(1, -1).replaceAll('/', '\\/')],
  ['base64 of id:secret, URL-encoded', encodeURIComponent(basic(`${id}:${secret}`))],
];

describe('the one scrubber removes a secret in every spelling it comes back in', () => {
  it.each(spellings)('%s', (_name, spelled) => {
    const text = `vendor said: invalid credential «${spelled}» (request 42)`;
    const scrubbed = scrub(text, [secret, { id, secret }]);
    expect(scrubbed).toBe('vendor said: invalid credential «[redacted]» (request 42)');
  });

  it('leaves other text alone, and short values that would censor ordinary words', () => {
    expect(scrub('PayPal sandbox answered 401 for US', ['sandbox'.slice(0, 3), 'US'])).toBe('PayPal sandbox answered 401 for US');
    expect(scrub('nothing secret here', [secret, { id, secret }])).toBe('nothing secret here');
  });

  it("finds a connection's secrets by field name, paired with the ids beside them", () => {
    const found = credentialSecrets({ clientId: id, clientSecret: secret, environment: 'sandbox' }, { accessToken: 'at-123456789', tokenType: 'Bearer', scope: 'read' });
    expect(found).toEqual(expect.arrayContaining([secret, 'at-123456789', { id, secret }]));
    expect(found).not.toContain('Bearer');
    expect(found).not.toContain('sandbox');
    const error = scrubError(new ProviderError('invalid_config', `echo ${basic(`${id}:${secret}`)}`, { hint: `not ${encodeURIComponent(secret)}` }), found) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'invalid_config', message: 'echo [redacted]', hint: 'not [redacted]' });
    expect(error.stack).not.toContain(basic(`${id}:${secret}`));
  });
});

describe('vendor answers echoing the credentials they were sent, over real HTTP', () => {
  let base: string;
  /** Echoes the request's credential back in the spelling the path names, as a 400 error body. */
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers.authorization ?? '';
    const sent = header.replace(/^(Bearer|Basic) /, '');
    const echo: Record<string, string> = {
      '/json': JSON.stringify({ error: `bad token ${sent}` }).replaceAll('/', '\\/'),
      '/url': `error=bad+token&token=${encodeURIComponent(sent)}`,
      '/basic-secret': JSON.stringify({ error: `bad secret ${Buffer.from(sent, 'base64').toString().split(':')[1]}` }),
      '/token': JSON.stringify({ error: 'invalid_client', error_description: `client ${header} refused` }).replaceAll('/', '\\/'),
    };
    res.writeHead(req.url === '/token' ? 401 : 400, { 'content-type': 'application/json' });
    res.end(echo[req.url ?? ''] ?? '{}');
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const failure = (path: string, authorization: string) =>
    requestJson(`${base}${path}`, { vendor: 'Vendor', headers: { authorization } }).then(
      () => new ProviderError('invalid_config', 'the vendor answered 2xx', { hint: '' }),
      (e: unknown) => e as ProviderError,
    );

  it.each([
    ['a bearer token, JSON-escaped', '/json', `Bearer ${secret}`],
    ['a bearer token, URL-encoded', '/url', `Bearer ${secret}`],
    ['the secret of a Basic id:secret, JSON-escaped', '/basic-secret', `Basic ${basic(`${id}:${secret}`)}`],
  ])('%s', async (_name, path, authorization) => {
    const error = await failure(path, authorization);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain('[redacted]');
    for (const [name, spelled] of spellings) expect({ name, leaked: error.message.includes(spelled) }).toEqual({ name, leaked: false });
  });

  it('a token endpoint echoing the Basic header of id:secret in its error_description', async () => {
    const error = await createClientCredentialsTokens()
      .get({ tokenUrl: `${base}/token`, clientId: id, clientSecret: secret, clientAuth: 'client_secret_basic_raw', vendor: 'Vendor', authHint: 'Check the secret.' })
      .then((token) => new ProviderError('invalid_config', `a token: ${token}`, { hint: '' }), (e: unknown) => e as ProviderError);
    expect(error).toMatchObject({ kind: 'auth_failed' });
    expect(error.message).toContain('[redacted]');
    for (const [name, spelled] of spellings) expect({ name, leaked: error.message.includes(spelled) }).toEqual({ name, leaked: false });
  });
});
