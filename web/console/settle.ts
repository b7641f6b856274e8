import { get, type Connection, type Page, type SyncRun } from './api.js';

/**
 * What an action led to, told only once it has settled (issue 24): a retry's test or a sync's
 * run takes a moment after the API has answered, and the answer shows the connection as it was
 * then. Until it settles the page says "still working" and what it sees, every second.
 */
export type ActionId = 'retry' | 'pause' | 'resume' | 'sync';

const POLL_MS = 1_000;
/** After this the page stops waiting to report, and says it is still working (the page keeps following). */
export const SETTLE_WITHIN_MS = 90_000;

export interface Settled {
  connection: Connection;
  /** The run the action started, once it finished (sync now, retry of a failing sync). */
  run?: SyncRun;
}

/** What the action waits for: an onboarding tested again, or a run started after it that has finished. */
export function waitsFor(action: ActionId, before: Connection): 'nothing' | 'test' | 'run' {
  if (action === 'pause' || action === 'resume') return 'nothing';
  if (action === 'sync' || before.status === 'error') return 'run';
  return 'test';
}

const tested = (before: Connection, now: Connection) =>
  now.status === 'active' ||
  now.status === 'paused' ||
  (now.onboarding.attempts > before.onboarding.attempts && now.onboarding.state !== 'running' && now.status !== 'testing') ||
  // An OAuth retry waits for the user's authorization: that is where it settles.
  (now.onboarding.step === 'connect' && now.onboarding.state === 'waiting');

/**
 * Follows the connection (and, for a run, its newest run) until the action has settled or
 * SETTLE_WITHIN_MS has passed; `onProgress` sees each reading. Runs are told apart by id: the
 * newest before the action is `lastRunId`.
 */
export async function followUntilSettled(
  action: ActionId,
  before: Connection,
  lastRunId: string | null,
  onProgress: (connection: Connection) => void,
  now = () => Date.now(),
): Promise<Settled | null> {
  const kind = waitsFor(action, before);
  const deadline = now() + SETTLE_WITHIN_MS;
  for (;;) {
    const connection = await get<Connection>(`/v1/connections/${before.id}`);
    if (kind === 'nothing') return { connection };
    if (kind === 'test' && tested(before, connection)) return { connection };
    if (kind === 'run') {
      const newest = (await get<Page<SyncRun>>(`/v1/connections/${before.id}/syncs?limit=1`)).items[0];
      const isNew = newest && (lastRunId === null || BigInt(newest.id) > BigInt(lastRunId));
      // The run records itself and the connection in one transaction: read the connection again after it.
      if (isNew && newest.status !== 'running') return { connection: await get<Connection>(`/v1/connections/${before.id}`), run: newest };
    }
    onProgress(connection);
    if (now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A vendor's or Onramp's message inside a sentence: its own full stop dropped. */
const clause = (message: string) => message.replace(/[.\s]+$/, '');

/** The sentence a support person reads once the action has settled. */
export function settledText(label: string, settled: Settled): string {
  const c = settled.connection;
  const state = `the connection is now ${c.status}${c.sync.paused && c.status !== 'paused' ? ' (syncs paused)' : ''}`;
  const run = settled.run;
  if (run) {
    const what = run.status === 'failed' && run.error ? `failed: ${run.error.code}, ${clause(run.error.message)}` : `${run.status} (${run.kpisWritten} KPIs written)`;
    return `${label}: done. The sync ran and ${what}; ${state}.`;
  }
  if (label === 'Retry') {
    const error = c.onboarding.lastError;
    return `${label}: done. Tested again (attempt ${c.onboarding.attempts}): ${state}${error ? `; ${error.code}: ${clause(error.message)}` : ''}.`;
  }
  return `${label}: done. ${state[0]!.toUpperCase()}${state.slice(1)}.`;
}

/** What the page says while the action has not settled. */
export const workingText = (label: string, c: Connection, timedOut = false) =>
  timedOut
    ? `${label}: still working after ${SETTLE_WITHIN_MS / 1000} s; the connection is ${c.status}. This page keeps following it.`
    : `${label}: still working — the connection is ${c.status}${c.onboarding.state === 'running' ? ` (${c.onboarding.step})` : ''}…`;
