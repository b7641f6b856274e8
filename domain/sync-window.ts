/**
 * Where a scheduled sync starts reading (issue 27, item 3): only what can still have changed.
 * A day is read again while the vendor may still change it, which is until its end plus the
 * provider's documented data lateness; so a run starts at the day of (last good sync − lateness),
 * and a first run at its initial history. Days the vendor refused earlier are asked for on top
 * (domain/missing-periods.ts), never by widening this window.
 */
import { addDays, startOfUtcDay } from './periods.js';

const HOUR_MS = 3_600_000;

export function syncWindowStart(input: { lastSyncAt: Date | null; latenessHours: number; initialHistoryDays: number; now: Date }): Date {
  if (!input.lastSyncAt) return startOfUtcDay(addDays(input.now, -input.initialHistoryDays));
  return startOfUtcDay(new Date(input.lastSyncAt.getTime() - input.latenessHours * HOUR_MS));
}
