import type { HistoryLimit } from '../providers/contract.js';
import type { FieldError } from './problems.js';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The oldest UTC day the vendor still serves, given its documented history limit. */
export function earliestDay(limit: HistoryLimit, today: string): string {
  return 'since' in limit ? limit.since : dayOf(Date.parse(today) - limit.days * DAY_MS);
}

/**
 * Why a backfill range cannot be served, per field: a range the vendor cannot answer would only
 * spend the worker every tenant shares (one request a week of days, back to year 1).
 * `from <= to` is the body schema's job; dates are YYYY-MM-DD and compare as strings.
 */
export function backfillRangeErrors(
  range: { from: string; to: string },
  provider: { name: string; history: HistoryLimit },
  now: Date,
): FieldError[] {
  const today = dayOf(now.getTime());
  const earliest = earliestDay(provider.history, today);
  const errors: FieldError[] = [];
  if (range.from < earliest) {
    errors.push({
      field: 'body.from',
      message:
        earliest === today
          ? `${provider.name} serves only its current state: from can be no earlier than today (${today}, UTC); its daily sync already writes today`
          : `must be ${earliest} or later: ${provider.name} serves data back to ${earliest} (${provider.history.source})`,
    });
  }
  if (range.to > today) {
    errors.push({ field: 'body.to', message: `must be today (${today}, UTC) or earlier: there is no data for later days yet` });
  }
  return errors;
}
