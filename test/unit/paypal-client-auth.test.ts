import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paypalProvider } from '../../providers/paypal.js';
import { startPayPalReplica, type PayPalReplica } from '../replicas/paypal-server.js';

/** Shaped like real PayPal REST app credentials, which contain both `-` and `_`. */
const app = { clientId: 'AZ-abc_DEF-123_xyz', clientSecret: 'EK-s3cr3t_Xyz-789_abc' };

describe('PayPal client authentication (replica over real HTTP)', () => {
  let replica: PayPalReplica;
  beforeAll(async () => {
    replica = await startPayPalReplica({ clients: [app] });
  });
  afterAll(() => replica?.close());

  it('sends a client id and secret containing - and _ raw in HTTP Basic, as curl -u does, and gets a token', async () => {
    await paypalProvider.testConnection({
      config: { currency: 'USD' },
      credentials: { ...app, environment: 'sandbox' },
      endpoints: { sandbox: replica.url, live: 'http://127.0.0.1:9' },
      attempt: 1,
      signal: undefined,
    });
    expect(replica.tokenCalls()).toEqual([expect.objectContaining({ who: app.clientId, status: 200 })]);
    expect(replica.reportingCalls()).toEqual([expect.objectContaining({ status: 200 })]);
  });

  it('refuses, as PayPal does, the RFC 6749 form-urlencoded id and secret (%2D, %5F): it decodes Basic only once', async () => {
    const encoded = (s: string) => s.replace(/-/g, '%2D').replace(/_/g, '%5F');
    const response = await fetch(`${replica.url}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encoded(app.clientId)}:${encoded(app.clientSecret)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });
});
