import type { Connection } from './api.js';

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** How long ago, in the unit a person reads at a glance: "40 min", "26 h", "3 d". */
export function ago(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 90) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

/** "since <time> (26 h)", or null when nothing waits on a person. */
export const waitingText = (c: Connection) => (c.waitingSince ? `since ${when(c.waitingSince)} (${ago(c.waitingSince)})` : null);

/** Who the connection was made for, as support would quote them: "Ada <ada@example.com> (u-42)". */
export function endUserText(c: Connection): string | null {
  const user = c.endUser;
  if (!user) return null;
  return [user.displayName, user.email && `<${user.email}>`, user.displayName || user.email ? `(${user.id})` : user.id].filter(Boolean).join(' ');
}

/** The problem a person should look at first: onboarding's, else the syncs'. */
export const problemOf = (c: Connection) => c.onboarding.lastError ?? c.sync.lastError;

/** Why a connection is on the "needs attention" list, in a few words. */
export function attentionOf(c: Connection, waitingAttentionMs: number, now = Date.now()): string | null {
  if (c.status === 'failed') return 'onboarding failed';
  if (c.status === 'error') return 'syncs need a person';
  if (c.waitingSince && now - Date.parse(c.waitingSince) > waitingAttentionMs) return 'waiting on the user too long';
  if (c.sync.stale) return 'stale';
  if (c.sync.lastStatus === 'empty') return 'last run empty';
  if (c.sync.lastStatus === 'failed') return 'last run failed';
  // Every other day was written; these days the vendor would not answer are retried at each run.
  if (c.sync.missing) return `${c.sync.missing.days === 1 ? '1 day' : `${c.sync.missing.days} days`} missing since ${c.sync.missing.since}`;
  return null;
}

/** A run's problem in its error cell: why it failed, or which days it could not read and why (partial). */
export function runProblem(r: {
  error: { code: string; message: string } | null;
  missingPeriods?: { from: string; to: string; error: { code: string; message: string } }[];
  repairedPeriods?: { from: string; to: string }[];
}): string {
  if (r.error) return `${r.error.code}: ${r.error.message}`;
  const span = (p: { from: string; to: string }) => (p.from === p.to ? p.from : `${p.from} → ${p.to}`);
  const missing = (r.missingPeriods ?? []).map((p) => `missing ${span(p)} (${p.error.code}: ${p.error.message})`);
  const repaired = (r.repairedPeriods ?? []).map((p) => `repaired ${span(p)}`);
  return [...missing, ...repaired].join('; ') || '–';
}
