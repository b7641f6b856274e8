import { describe, expect, it } from 'vitest';
import { syncWindowStart } from '../../domain/sync-window.js';

const at = (iso: string) => new Date(iso);

describe('where a scheduled sync starts reading', () => {
  it('a first sync reads its initial history', () => {
    expect(syncWindowStart({ lastSyncAt: null, latenessHours: 72, initialHistoryDays: 7, now: at('2026-12-07T10:30:00Z') })).toEqual(at('2026-11-30T00:00:00Z'));
  });

  it('without lateness, from the day of the last sync (its partial day is read again)', () => {
    expect(syncWindowStart({ lastSyncAt: at('2026-12-07T09:30:00Z'), latenessHours: 0, initialHistoryDays: 7, now: at('2026-12-07T10:30:00Z') })).toEqual(at('2026-12-07T00:00:00Z'));
  });

  it('with lateness, from the day the vendor may still have changed since the last sync, and no further', () => {
    // PayPal (3 h): a sync at 01:30 still reads yesterday, one at 09:30 only today.
    expect(syncWindowStart({ lastSyncAt: at('2026-12-07T01:30:00Z'), latenessHours: 3, initialHistoryDays: 7, now: at('2026-12-07T02:30:00Z') })).toEqual(at('2026-12-06T00:00:00Z'));
    expect(syncWindowStart({ lastSyncAt: at('2026-12-07T09:30:00Z'), latenessHours: 3, initialHistoryDays: 7, now: at('2026-12-07T10:30:00Z') })).toEqual(at('2026-12-07T00:00:00Z'));
    // GA4 (72 h): three days back, whatever the initial history.
    expect(syncWindowStart({ lastSyncAt: at('2026-12-07T09:30:00Z'), latenessHours: 72, initialHistoryDays: 0, now: at('2026-12-07T10:30:00Z') })).toEqual(at('2026-12-04T00:00:00Z'));
  });
});
