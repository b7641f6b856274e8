import { describe, expect, it } from 'vitest';
import { derivedKpis, derivedMessage, evaluateDerivedKpi, feedsSummary, monthOf, needsText, nextMonth } from '../../domain/derived-kpis.js';

const cac = derivedKpis.find((d) => d.key === 'customer_acquisition_cost')!;
const spend = (value: number, unit = 'EUR', connectionId = 'x1') => ({ connectionId, unit, value });
const customers = (value: number, connectionId = 's1') => ({ connectionId, unit: 'count', value });

describe('derived KPIs (domain/derived-kpis.ts)', () => {
  it('customer acquisition cost = marketing spend ÷ new customers, in the spend\'s currency, rounded to cents', () => {
    expect(evaluateDerivedKpi(cac, { spend: [spend(1000)], customers: [customers(3)] })).toEqual({ status: 'current', value: 333.33, unit: 'EUR' });
    // Two Stripe accounts of the tenant: their new customers add up.
    expect(evaluateDerivedKpi(cac, { spend: [spend(900)], customers: [customers(2), customers(1, 's2')] })).toEqual({ status: 'current', value: 300, unit: 'EUR' });
  });

  it('has no value while an input is missing, never 0, and says which', () => {
    const outcome = evaluateDerivedKpi(cac, { spend: [spend(1000)], customers: [] });
    expect(outcome).toEqual({ status: 'needs_inputs', missing: ['stripe'] });
    expect(derivedMessage(cac, outcome)).toBe('This needs Xero and Stripe: connect Stripe to see it.');
    expect(evaluateDerivedKpi(cac, {})).toEqual({ status: 'needs_inputs', missing: ['xero', 'stripe'] });
    expect(needsText(cac)).toBe('needs Xero and Stripe');
  });

  it('has no value for a month without new customers (no division by zero), and does not add two currencies', () => {
    const none = evaluateDerivedKpi(cac, { spend: [spend(500)], customers: [customers(0)] });
    expect(none).toEqual({ status: 'not_defined' });
    expect(derivedMessage(cac, none)).toMatch(/No new customers this month/);
    expect(evaluateDerivedKpi(cac, { spend: [spend(500, 'EUR'), spend(100, 'GBP', 'x2')], customers: [customers(5)] })).toEqual({
      status: 'mixed_units',
      input: 'xero.marketing_spend',
      units: ['EUR', 'GBP'],
    });
  });

  it('works in calendar months and describes each integration\'s part in one line', () => {
    expect(monthOf('2026-12-07')).toBe('2026-12-01');
    expect(nextMonth('2026-12-01')).toBe('2027-01-01');
    expect(nextMonth('2028-02-01')).toBe('2028-03-01');
    expect(feedsSummary('stripe', ['revenue', 'stripe.new_customers'])).toBe('Feeds revenue and new customers. With Xero it also gives customer acquisition cost.');
    expect(feedsSummary('xero', ['profit_margin', 'cash_runway', 'xero.marketing_spend'])).toBe(
      'Feeds profit margin, cash runway and marketing spend. With Stripe it also gives customer acquisition cost.',
    );
    expect(feedsSummary('demo', [])).toBe('');
  });
});
