import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envNameOf } from '../../bin/provider-try.js';
import { startStripeReplica, type StripeReplica } from '../replicas/stripe-server.js';

const run = promisify(execFile);
const key = 'rk_live_51TryShopRestrictedKey001';

/**
 * `npm run provider:try` as an engineer runs it: the real CLI in its own process, against the
 * Stripe replica named by the usual endpoint variable, credentials from the environment.
 */
describe('provider:try (bin/provider-try.ts)', () => {
  let replica: StripeReplica;
  beforeAll(async () => {
    replica = await startStripeReplica();
    const day = Date.UTC(2026, 10, 2) / 1000; // 2026-11-02
    replica.accounts.set('acct_try', {
      id: 'acct_try',
      livemode: true,
      currencies: ['eur'],
      transactions: [
        { id: 'txn_try_1', created: day + 3600, type: 'charge', amount: 1999, currency: 'eur' },
        { id: 'txn_try_2', created: day + 7200, type: 'refund', amount: -500, currency: 'eur' },
      ],
      customers: [{ id: 'cus_try_1', created: day + 60 }],
    });
    replica.keys.set(key, { key, account: 'acct_try' });
  });
  afterAll(() => replica?.close());

  const cli = (args: string[], env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', 'bin/provider-try.ts', ...args], {
      env: { PATH: process.env.PATH, ONRAMP_ENDPOINT_STRIPE_API: replica.url, ...env },
    }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  it('runs test, discovery and one fetch, prints the points a sync would write and every vendor call, and never the key', async () => {
    const calls = replica.calls.length;
    const { code, out } = await cli(['stripe', '--from', '2026-11-01', '--to', '2026-11-02'], { [envNameOf('apiKey')]: key });
    expect(code).toBe(0);
    expect(out).toContain('✓ test\n✓ discover\n✓ fetch');
    expect(out).toContain('currency: EUR (EUR)');
    expect(out).toContain('2026-11-02 day  revenue = 14.99 EUR');
    expect(out).toContain('2026-11-02 day  stripe.new_customers = 1 count');
    expect(out).toContain('2026-11-01 day  revenue = 0 EUR');
    expect(out).toMatch(/GET 127\.0\.0\.1:\d+\/v1\/balance_transactions\?created\[gte\]&created\[lt\]&limit → 200/);
    expect(out).not.toContain(key);
    expect(out).not.toContain(key.slice(-10));
    expect(replica.calls.length).toBeGreaterThan(calls);
  });

  it('stops at a refused key with the hint, exit code 1, the key not echoed', async () => {
    const wrong = 'rk_live_51NotAKeyTheVendorKnows9';
    const { code, out } = await cli(['stripe', '--from', '2026-11-01', '--to', '2026-11-01'], { ONRAMP_TRY_CREDENTIALS: JSON.stringify({ apiKey: wrong }) });
    expect(code).toBe(1);
    expect(out).toContain('✗ test: auth_failed');
    expect(out).toMatch(/what to do: Stripe refused the API key/);
    expect(out).not.toContain('✓ fetch');
    expect(out).not.toContain(wrong);
  });

  it('refuses bad arguments and credentials naming what is wrong, without a stack', async () => {
    expect(await cli(['stripe', '--from', '2026-11-02', '--to', '2026-11-01'], {})).toMatchObject({ code: 2, out: expect.stringContaining('usage: npm run provider:try') });
    expect(await cli(['nope', '--from', '2026-11-01', '--to', '2026-11-01'], {})).toMatchObject({ code: 2, out: expect.stringContaining('no provider "nope"') });
    const bad = await cli(['stripe', '--from', '2026-11-01', '--to', '2026-11-01'], { ONRAMP_TRY_API_KEY: 'not-a-stripe-key-12345' });
    expect(bad).toMatchObject({ code: 2, out: expect.stringContaining('apiKey') });
    expect(bad.out).not.toContain('not-a-stripe-key-12345');
  });
});
