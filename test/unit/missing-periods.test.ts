import { describe, expect, it } from 'vitest';
import type { LastError } from '../../domain/connection.js';
import { afterRun, countMissingDays, MISSING_DAYS_KEPT, missingDays, missingPeriods, missingSummary, periodWindow } from '../../domain/missing-periods.js';

const limit: LastError = { code: 'vendor_limit', message: 'PayPal refuses…', hint: 'Onramp asks again.', userMessage: 'Not shown yet.' };
const outage: LastError = { code: 'vendor_limit', message: 'Another second…', hint: 'h' };

describe('missing periods', () => {
  it('groups consecutive days with one reason into a period, oldest first', () => {
    const days = new Map([
      ['2026-11-22', limit],
      ['2026-11-20', limit],
      ['2026-11-21', limit],
      ['2026-11-25', limit],
      ['2026-11-26', outage],
    ]);
    expect(missingPeriods(days)).toEqual([
      { from: '2026-11-20', to: '2026-11-22', error: limit },
      { from: '2026-11-25', to: '2026-11-25', error: limit },
      { from: '2026-11-26', to: '2026-11-26', error: outage },
    ]);
    expect(countMissingDays(missingPeriods(days))).toBe(5);
  });

  it('crosses month ends day by day', () => {
    expect([...missingDays([{ from: '2026-02-27', to: '2026-03-02', error: limit }]).keys()]).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('after a run: days read are repaired, days not read are missing with the new reason, the rest stay', () => {
    const before = [
      { from: '2026-11-20', to: '2026-11-22', error: limit },
      { from: '2026-11-10', to: '2026-11-10', error: limit },
    ].sort((a, b) => a.from.localeCompare(b.from));
    const after = afterRun(before, { readDays: ['2026-11-20', '2026-11-21', '2026-11-30'], missing: [{ from: '2026-11-22', to: '2026-11-23', error: outage }] });
    expect(after).toEqual([
      { from: '2026-11-10', to: '2026-11-10', error: limit },
      { from: '2026-11-22', to: '2026-11-23', error: outage },
    ]);
    expect(afterRun(after, { readDays: ['2026-11-10', '2026-11-22', '2026-11-23'], missing: [] })).toEqual([]);
  });

  it('keeps a bounded number of days, dropping the oldest', () => {
    const many = afterRun([], { readDays: [], missing: [{ from: '2025-01-01', to: '2026-12-31', error: limit }] });
    expect(countMissingDays(many)).toBe(MISSING_DAYS_KEPT);
    expect(many.at(-1)!.to).toBe('2026-12-31');
  });

  it('says how many days are missing since when, with the oldest reason, in plain words for the end user', () => {
    expect(missingSummary([])).toBeNull();
    const summary = missingSummary([
      { from: '2026-11-20', to: '2026-11-21', error: limit },
      { from: '2026-11-25', to: '2026-11-25', error: outage },
    ]);
    expect(summary).toMatchObject({ code: 'periods_missing', message: '3 days missing since 2026-11-20: PayPal refuses…' });
    expect(summary!.userMessage).toMatch(/^3 days of data could not be read yet \(since 2026-11-20\)/);
    expect(missingSummary([{ from: '2026-11-20', to: '2026-11-20', error: limit }])!.message).toMatch(/^1 day missing since/);
  });

  it('reads a period as the window of its whole days', () => {
    expect(periodWindow({ from: '2026-11-30', to: '2026-12-01' })).toEqual({ from: '2026-11-30T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' });
  });
});
