import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../providers/errors.js';
import { requestJson } from '../../providers/http.js';
import { choosePort } from '../../platform/ports.js';
import { outageOf } from '../../platform/outages.js';

/** Real failures against a port nobody listens on: ours (Postgres) versus a provider's. */
describe('outageOf', () => {
  it('takes a refused Postgres connection for an outage of Onramp\'s Postgres', async () => {
    const port = await choosePort();
    const client = new pg.Client({ connectionString: `postgres://u:p@127.0.0.1:${port}/db` });
    const error = await client.connect().then(() => undefined, (e: unknown) => e);
    expect(outageOf(error)).toBe('postgres');
  });

  it('leaves a provider that refuses connections to the provider (not our outage)', async () => {
    const port = await choosePort();
    const raw = await fetch(`http://127.0.0.1:${port}/`).then(() => undefined, (e: unknown) => e);
    expect(outageOf(raw)).toBeUndefined();
    const classified = await requestJson(`http://127.0.0.1:${port}/`, { vendor: 'Vendor' }).then(() => undefined, (e: unknown) => e);
    expect(classified).toBeInstanceOf(ProviderError);
    expect(outageOf(classified)).toBeUndefined();
  });

  it('ignores ordinary errors', () => {
    expect(outageOf(new Error('boom'))).toBeUndefined();
    expect(outageOf('text')).toBeUndefined();
  });
});
