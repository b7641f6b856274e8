/**
 * A sync window is half-open, [from, to), in UTC. Providers report per day, so a window is
 * cut into the calendar days it touches; the last one may be partial (today) and is simply
 * written again by the next run until it closes.
 */
export interface SyncWindow {
  from: string; // ISO 8601 instant
  to: string; // ISO 8601 instant
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function startOfUtcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

/** Every UTC day (as YYYY-MM-DD) that the window touches. */
export function daysInWindow(window: SyncWindow): string[] {
  const from = startOfUtcDay(new Date(window.from)).getTime();
  const to = new Date(window.to).getTime();
  const days: string[] = [];
  for (let t = from; t < to; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}

/** How many chunks of `chunkDays` the inclusive days [from, to] (YYYY-MM-DD) make: a backfill's. */
export function chunkCount(from: string, to: string, chunkDays: number): number {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  return Math.ceil(days / chunkDays);
}
