import { z } from 'zod';

// What Postgres can store, stated once. The API's schemas and the cursors parse input into these,
// so no value Postgres would refuse (which surfaces as a 500) reaches a query.

/** Postgres text and jsonb cannot hold U+0000. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
export const NO_NUL = /^[^\u0000]*$/;
export const NUL_MESSAGE = 'must not contain NUL (\\u0000) characters';
/** jsonb refuses an unpaired UTF-16 surrogate; text would silently store U+FFFD instead. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const SURROGATE_MESSAGE = 'must be well-formed Unicode (no unpaired surrogate \\ud800–\\udfff)';

/** Why Postgres cannot store `value` faithfully, or undefined when it can. */
export function unstorable(value: string): string | undefined {
  if (!NO_NUL.test(value)) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return SURROGATE_MESSAGE;
  return undefined;
}

/**
 * A string Postgres can store; every string schema that can reach a query starts here. The NUL
 * rule is a pattern so the OpenAPI document publishes it; generators never make lone surrogates.
 */
export const text = (params?: Parameters<typeof z.string>[0]) =>
  z
    .string(params)
    .regex(NO_NUL, NUL_MESSAGE)
    .refine((value) => !LONE_SURROGATE.test(value), SURROGATE_MESSAGE);

export const FIRST_DAY = '2000-01-01';
export const LAST_DAY = '2099-12-31';
export const DAY_MESSAGE = `must be a date YYYY-MM-DD from ${FIRST_DAY} to ${LAST_DAY}`;
// Every real calendar day of 2000–2099 (where the leap years are exactly those divisible by 4),
// as one pattern so the published OpenAPI document states the range too.
const DAY =
  /^(?:20(?:[02468][048]|[13579][26])-02-29|20\d\d-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8])))$/;
/** A KPI period, a backfill bound, a filter: far enough back for any history, and no year 0000 (Postgres has none). */
export const calendarDay = z.string().regex(DAY, DAY_MESSAGE);

/** An instant as `toISOString()` writes it, within the same years. */
export const timestamp = z.iso.datetime().refine((s) => calendarDay.safeParse(s.slice(0, 10)).success, DAY_MESSAGE);

const INT8_MAX = 9223372036854775807n;
/** A bigint id (as pg hands them over: a string), within Postgres int8. */
export const bigintId = z
  .string()
  .regex(/^\d{1,19}$/)
  // Zod runs the refinement after a failed regex too: BigInt() of anything but digits would throw (a 500).
  .refine((s) => !/^\d{1,19}$/.test(s) || BigInt(s) <= INT8_MAX, 'is beyond a bigint');
