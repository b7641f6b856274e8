import { describe, expect, it } from 'vitest';
import { monthsInWindow, rateLimitReading, RUNWAY_CAP_MONTHS, runwayMonths } from '../../providers/xero.js';
import { jargonIn } from '../helpers/connect-page.js';

describe('Xero: cash runway, months of a window and the reading of a 429', () => {
  it('runway is cash ÷ average burn, capped when not burning, 0 without cash: never ÷ 0, never negative', () => {
    expect(runwayMonths(52_000, [6_000, 6_000, 9_000])).toBe(7.43);
    expect(runwayMonths(52_000, [0, 0, 0])).toBe(RUNWAY_CAP_MONTHS); // burning nothing
    expect(runwayMonths(52_000, [-21_000, 6_000, 6_000])).toBe(RUNWAY_CAP_MONTHS); // cash coming in on average
    expect(runwayMonths(-500, [1_000, 1_000, 1_000])).toBe(0); // overdrawn and burning
    expect(runwayMonths(10_000_000, [1, 1, 1])).toBe(RUNWAY_CAP_MONTHS); // more than the cap
    expect(runwayMonths(0, [])).toBe(RUNWAY_CAP_MONTHS);
  });

  it('cuts a window into the calendar months it touches, across a year end', () => {
    expect(monthsInWindow({ from: '2026-11-15T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z' })).toEqual(['2026-11-01', '2026-12-01', '2027-01-01']);
    expect(monthsInWindow({ from: '2026-12-07T00:00:00.000Z', to: '2026-12-07T10:00:00.000Z' })).toEqual(['2026-12-01']);
  });

  it('tells a day limit (wait until Retry-After, or the next UTC midnight) from a minute limit, in plain words', () => {
    const now = Date.parse('2026-12-07T22:30:00Z');
    const day = rateLimitReading(new Headers({ 'x-rate-limit-problem': 'day' }), 3_600_000, now);
    expect(day).toMatchObject({ retryAfterMs: 3_600_000, message: expect.stringMatching(/daily limit/) });
    expect(day.userMessage).toContain('2026-12-07 23:30 UTC');
    expect(jargonIn(day.userMessage!)).toEqual([]);
    expect(rateLimitReading(new Headers({ 'x-rate-limit-problem': 'day' }), undefined, now).retryAfterMs).toBe(90 * 60_000);
    expect(rateLimitReading(new Headers({ 'x-rate-limit-problem': 'minute' }), 2_000, now)).toMatchObject({ message: expect.stringMatching(/60 calls a minute/) });
    expect(rateLimitReading(new Headers({ 'x-rate-limit-problem': 'minute' }), 2_000, now).retryAfterMs).toBeUndefined(); // Retry-After as sent
    expect(rateLimitReading(new Headers({ 'x-rate-limit-problem': 'appminute' }), 2_000, now).message).toMatch(/10,000/);
  });
});
