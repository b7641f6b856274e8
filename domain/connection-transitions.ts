import type { ConnectionStatus } from './connection-states.js';
import type { ConnectionFacts } from './connection.js';
import type { ConnectionEventType } from './events.js';

/** What a connection's events are decided from: the row just before a change, and just after. */
export type ConnectionState = Pick<ConnectionFacts, 'status' | 'sync_paused' | 'last_sync_error' | 'last_sync_status'>;

const onboardingStatuses: ConnectionStatus[] = ['pending', 'configuring', 'testing', 'failed'];
const syncingStatuses: ConnectionStatus[] = ['active', 'paused'];

const needsReauthorization = (state: ConnectionState) =>
  state.status === 'error' && state.last_sync_error?.code === 'reauthorization_required';

/**
 * The events one committed change of a connection means, decided from the row before and after
 * it, so whichever path made the change (API, onboarding, sync) reports it the same way, and a
 * change that changed nothing (error → error, pause twice) reports nothing.
 */
export function connectionTransitionEvents(before: ConnectionState, after: ConnectionState): ConnectionEventType[] {
  const events: ConnectionEventType[] = [];
  if (before.status !== after.status) {
    if (after.status === 'failed') events.push('connection.failed');
    if (after.status === 'error') events.push('connection.error');
    if (after.status === 'disconnected') events.push('connection.disconnected');
    if (syncingStatuses.includes(after.status)) {
      // A connection that synced before and comes back through onboarding was re-authorized.
      if (before.status === 'error' || (onboardingStatuses.includes(before.status) && before.last_sync_status !== null)) {
        events.push('connection.recovered');
      } else if (onboardingStatuses.includes(before.status)) {
        events.push('connection.active');
      }
    }
  }
  if (needsReauthorization(after) && !needsReauthorization(before)) events.push('connection.reauthorization_required');
  // Pausing is what the user asked for, whatever the status (an `error` connection can be paused).
  if (after.status !== 'disconnected' && before.sync_paused !== after.sync_paused) {
    events.push(after.sync_paused ? 'connection.paused' : 'connection.resumed');
  }
  return events;
}
