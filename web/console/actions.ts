import type { Connection } from './api.js';
import type { ActionId } from './settle.js';

/** What support may do to a connection, each after a confirmation and each audited. */
export interface Action {
  id: ActionId;
  label: string;
  question: string;
  allowed: (c: Connection) => boolean;
}

export const ACTIONS: Action[] = [
  { id: 'retry', label: 'Retry', question: 'Test this onboarding again (a failing sync: run one now)? The connection keeps its id.', allowed: (c) => c.status === 'failed' || c.status === 'error' },
  { id: 'pause', label: 'Pause syncs', question: 'Pause the scheduled syncs of this connection?', allowed: (c) => ['active', 'error'].includes(c.status) && !c.sync.paused },
  { id: 'resume', label: 'Resume syncs', question: 'Resume the scheduled syncs of this connection?', allowed: (c) => ['paused', 'active', 'error'].includes(c.status) && c.sync.paused },
  { id: 'sync', label: 'Sync now', question: 'Start a sync of this connection now?', allowed: (c) => ['active', 'paused', 'error'].includes(c.status) },
];
