import { describe, expect, it } from 'vitest';
import { backfillRangeErrors, earliestDay } from '../../api/backfill-range.js';
import { builtInProviders } from '../../providers/registry.js';

const now = new Date('2026-11-29T15:00:00Z');
const provider = (slug: string) => builtInProviders.find((p) => p.slug === slug)!;
const fields = (slug: string, from: string, to: string) => backfillRangeErrors({ from, to }, provider(slug), now).map((e) => e.field);

describe('backfill range per provider (how far back each vendor serves data)', () => {
  it("knows each built-in provider's documented history", () => {
    const earliest = Object.fromEntries(builtInProviders.map((p) => [p.slug, earliestDay(p.history, '2026-11-29')]));
    expect(earliest).toEqual({
      demo: '2023-11-30', // three years, like PayPal
      'google-analytics': '2015-08-14', // GA4 Data API
      cloudflare: '2025-11-29', // httpRequests1dGroups, a year
      paypal: '2023-11-30', // Transaction Search: the previous three years
      ninjaone: '2026-11-29', // current state only
      stripe: '2011-09-29', // balance transactions: the account's whole life, Stripe opened in 2011
      xero: '2006-01-01', // reports take any date; Xero launched in 2006
    });
  });

  it('accepts the oldest day the vendor serves, up to today', () => {
    expect(fields('paypal', '2023-11-30', '2026-11-29')).toEqual([]);
    expect(fields('google-analytics', '2015-08-14', '2015-08-20')).toEqual([]);
    expect(fields('ninjaone', '2026-11-29', '2026-11-29')).toEqual([]);
  });

  it('refuses a day earlier than that, and any day after today (UTC), naming each field', () => {
    expect(fields('paypal', '2023-11-29', '2026-11-29')).toEqual(['body.from']);
    expect(fields('google-analytics', '2015-08-13', '2015-08-20')).toEqual(['body.from']);
    expect(fields('cloudflare', '2025-11-28', '2026-11-30')).toEqual(['body.from', 'body.to']);
    expect(fields('demo', '0001-01-01', '9999-12-31')).toEqual(['body.from', 'body.to']);
  });

  it('says why and what is possible instead', () => {
    const [paypal] = backfillRangeErrors({ from: '2020-01-01', to: '2020-01-31' }, provider('paypal'), now);
    expect(paypal!.message).toMatch(/^must be 2023-11-30 or later: PayPal serves data back to 2023-11-30 \(PayPal Transaction Search/);
    const [ninja] = backfillRangeErrors({ from: '2026-11-01', to: '2026-11-29' }, provider('ninjaone'), now);
    expect(ninja!.message).toContain('NinjaOne serves only its current state');
    const [future] = backfillRangeErrors({ from: '2026-11-01', to: '2026-12-01' }, provider('demo'), now);
    expect(future!.message).toBe('must be today (2026-11-29, UTC) or earlier: there is no data for later days yet');
  });
});
