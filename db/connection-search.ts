import { sql } from 'kysely';

// What the support console searches and sorts connections by (issue 24), as SQL over the row's
// own columns. SEARCH_TEXT is the expression the trigram index of migration
// 20261207T2200_console_search is built on: change both together, or the index goes unused.

/** The text a support person may type a fragment of: name, end user id, display name, email. */
export const SEARCH_TEXT = sql<string>`lower(name || ' ' || coalesce(end_user->>'id', '') || ' ' || coalesce(end_user->>'displayName', '') || ' ' || coalesce(end_user->>'email', ''))`;

/** `fragment` as a LIKE pattern that matches it anywhere, its own % and _ taken literally. */
export const containsPattern = (fragment: string) => `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** `prefix` as a LIKE pattern that matches what starts with it. */
export const prefixPattern = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** An onboarding waiting on its end user (credentials, config or an authorization). */
export const WAITING_ON_USER = sql<boolean>`(status in ('pending', 'configuring') and onboarding_state = 'waiting')`;

/** Waiting on the user for longer than `seconds`. */
export const waitingLongerThan = (seconds: number) =>
  sql<boolean>`(${WAITING_ON_USER} and onboarding_updated_at < now() - make_interval(secs => ${seconds}))`;

/**
 * No data written for more than twice the interval (the presenter's `sync.stale`), from the
 * `stale_after` a trigger keeps (migration 20261207T2230_stale_after): an index range, not a sum per row.
 */
const STALE = sql<boolean>`(status in ('active', 'error') and stale_after < now())`;
const LAST_RUN_BAD = sql<boolean>`(status <> 'disconnected' and last_sync_status in ('failed', 'empty', 'partial'))`;

/**
 * What the support console lists first: onboarding failed, syncs in error, a connection gone
 * stale, a last run that failed or wrote nothing, or an onboarding that has waited on its user
 * for longer than `waitingSeconds`.
 */
export const needsAttention = (waitingSeconds: number) =>
  sql<boolean>`(status in ('failed', 'error') or ${STALE} or ${LAST_RUN_BAD} or ${waitingLongerThan(waitingSeconds)})`;

/**
 * How urgent a connection is, most urgent first: 0 failed or in error, 1 waiting on the user
 * too long, 2 stale or its last run failed or was empty, 3 onboarding under way, 4 fine,
 * 5 disconnected.
 */
export const urgencyRank = (waitingSeconds: number) => sql<number>`(case
  when status in ('failed', 'error') then 0
  when ${waitingLongerThan(waitingSeconds)} then 1
  when ${STALE} or ${LAST_RUN_BAD} then 2
  when status in ('pending', 'configuring', 'testing') then 3
  when status = 'disconnected' then 5
  else 4 end)`;

/** Since when its trouble (or its onboarding's current step) lasts: the longest-waiting come first within a rank. */
export const URGENCY_SINCE = sql<Date>`(case when status in ('failed', 'pending', 'configuring', 'testing') then onboarding_updated_at else coalesce(last_sync_at, created_at) end)`;
