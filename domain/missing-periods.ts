/**
 * Periods a sync could not read (issue 27): one day the vendor refuses never blocks the others.
 * A run writes every day it read and records each day it could not, with why; the connection
 * keeps the days still missing until a later run reads them (each run asks for them first).
 * Days are UTC `YYYY-MM-DD`; shown as ranges of consecutive days that failed for the same reason.
 */
import type { LastError, MissingPeriod } from './connection.js';

export { missingPeriodSchema, type MissingPeriod } from './connection.js';

/** The most days a connection keeps as missing (the oldest give way): a bound on the row. */
export const MISSING_DAYS_KEPT = 400;

const DAY_MS = 86_400_000;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const sameReason = (a: LastError, b: LastError) => a.code === b.code && a.message === b.message;

/** Every day of the periods, with its reason. */
export function missingDays(periods: readonly MissingPeriod[]): Map<string, LastError> {
  const days = new Map<string, LastError>();
  for (const p of periods) for (let d = p.from; d <= p.to; d = nextDay(d)) days.set(d, p.error);
  return days;
}

/** Days back into periods: consecutive days with the same reason make one, oldest first. */
export function missingPeriods(days: ReadonlyMap<string, LastError>): MissingPeriod[] {
  const periods: MissingPeriod[] = [];
  for (const day of [...days.keys()].sort()) {
    const error = days.get(day)!;
    const last = periods.at(-1);
    if (last && nextDay(last.to) === day && sameReason(last.error, error)) last.to = day;
    else periods.push({ from: day, to: day, error });
  }
  return periods;
}

/**
 * The connection's missing days after a run: the days it read are repaired, the days it could
 * not read are (still) missing with the reason of this run, the rest stay as they were.
 */
export function afterRun(
  before: readonly MissingPeriod[],
  run: { readDays: Iterable<string>; missing: readonly MissingPeriod[] },
): MissingPeriod[] {
  const days = missingDays(before);
  for (const day of run.readDays) days.delete(day);
  for (const [day, error] of missingDays(run.missing)) days.set(day, error);
  const kept = [...days.keys()].sort().slice(-MISSING_DAYS_KEPT);
  return missingPeriods(new Map(kept.map((d) => [d, days.get(d)!])));
}

/** How many days are missing. */
export const countMissingDays = (periods: readonly MissingPeriod[]) => missingDays(periods).size;

/**
 * What the connection's health says while days are missing: "3 days missing since 2026-11-20",
 * with the reason of the oldest (the most urgent to repair).
 */
export function missingSummary(periods: readonly MissingPeriod[]): LastError | null {
  if (periods.length === 0) return null;
  const count = countMissingDays(periods);
  const first = periods[0]!;
  const days = count === 1 ? '1 day' : `${count} days`;
  return {
    code: 'periods_missing',
    message: `${days} missing since ${first.from}: ${first.error.message}`,
    hint: `Every other day was written. Each sync asks the vendor for the missing days first; ${first.error.hint}`,
    userMessage: `${days} of data could not be read yet (since ${first.from}); everything else is up to date. Onramp tries those days again at every sync. ${first.error.userMessage ?? ''}`.trim(),
  };
}

/** A missing period as a sync window: its days, [from 00:00, the day after `to` 00:00). */
export function periodWindow(period: Pick<MissingPeriod, 'from' | 'to'>): { from: string; to: string } {
  return { from: `${period.from}T00:00:00.000Z`, to: `${nextDay(period.to)}T00:00:00.000Z` };
}
