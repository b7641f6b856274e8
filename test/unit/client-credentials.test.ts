import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCredentialsTokens } from '../../providers/client-credentials.js';
import { ProviderError } from '../../providers/errors.js';

/** A token endpoint that knows one client and numbers the tokens it issues. */
describe('client-credentials token cache', () => {
  let url: string;
  let issued = 0;
  const server = createServer((req, res) => {
    const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace('Basic ', ''), 'base64').toString().split(':');
    res.setHeader('content-type', 'application/json');
    if (id === 'challenged') {
      // Some token endpoints say why only in the challenge, with no RFC 6749 §5.2 body.
      res.writeHead(401, { 'www-authenticate': 'Basic realm="token", error="invalid_client", error_description="Unknown client"', 'content-type': 'text/plain' });
      return res.end('Unauthorized');
    }
    if (id !== 'client' || secret !== 'right') {
      res.statusCode = 401;
      return res.end(JSON.stringify({ error: 'invalid_client', error_description: 'Client Authentication failed' }));
    }
    issued += 1;
    res.end(JSON.stringify({ access_token: `token-${issued}`, token_type: 'Bearer', expires_in: 3600 }));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const request = (clientSecret: string) => ({
    tokenUrl: url,
    clientId: 'client',
    clientSecret,
    clientAuth: 'client_secret_basic' as const,
    vendor: 'Test',
    authHint: 'Check the client secret.',
  });

  it('reuses a token until it is rejected, sharing one request between concurrent callers', async () => {
    const tokens = createClientCredentialsTokens();
    const [a, b] = await Promise.all([tokens.get(request('right')), tokens.get(request('right'))]);
    expect(a).toBe(b);
    expect(tokens.requests).toBe(1);
    tokens.invalidate(request('right'), a);
    expect(await tokens.get(request('right'))).not.toBe(a);
    expect(tokens.requests).toBe(2);
  });

  it('never hands a cached token to a caller with another secret for the same client id', async () => {
    const tokens = createClientCredentialsTokens();
    await tokens.get(request('right'));
    const error = await tokens.get(request('wrong')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('auth_failed');
    expect((error as ProviderError).message).toContain('invalid_client');
    expect((error as ProviderError).message).not.toContain('wrong');
  });

  it("reports the challenge's error and description when a 401 carries them only in WWW-Authenticate", async () => {
    const error = await createClientCredentialsTokens()
      .get({ ...request('any'), clientId: 'challenged' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'auth_failed', message: 'Test refused the client credentials (invalid_client: Unknown client)', hint: 'Check the client secret.' });
  });
});
