import type { Connection } from './api.js';

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** The problem a person should look at first: onboarding's, else the syncs'. */
export const problemOf = (c: Connection) => c.onboarding.lastError ?? c.sync.lastError;

/** Why a connection is on the "needs attention" list, in a few words. */
export function attentionOf(c: Connection): string | null {
  if (c.status === 'failed') return 'onboarding failed';
  if (c.status === 'error') return 'syncs need a person';
  if (c.sync.stale) return 'stale';
  if (c.sync.lastStatus === 'empty') return 'last run empty';
  if (c.sync.lastStatus === 'failed') return 'last run failed';
  return null;
}
