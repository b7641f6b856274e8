import type { ConnectionFacts } from './connection.js';

/** Failures a new run cannot fix: the schedule pauses until someone acts. */
export const needsPersonCodes = ['auth_failed', 'permission_denied', 'reauthorization_required'];

/**
 * Whether a connection's schedule should be paused: by its user, or until someone fixes auth.
 * The row answers this without Temporal, so the API shows it and the reconciler enforces it.
 */
export function intendedPaused(row: Pick<ConnectionFacts, 'sync_paused' | 'status' | 'last_sync_error'>): boolean {
  return row.sync_paused || (row.status === 'error' && needsPersonCodes.includes(row.last_sync_error?.code ?? ''));
}
