import { expect } from 'vitest';
import type { TestStack } from './stack.js';
import { WAIT_DEADLINE_MS, waitFor } from './temporal.js';

export type SyncRun = {
  id: string;
  kind: string;
  status: string;
  startedAt: string;
  kpisWritten: number;
  attempts: number;
  error: { code: string; message: string; hint: string } | null;
  window: { from: string; to: string };
  workflowId: string;
  workflowRunId: string;
};

/** What sync tests keep asking a stack, over its API and its database. */
export function syncHelpers(getStack: () => TestStack, key: string) {
  const stack = { api: <T>(path: string, init?: RequestInit) => getStack().api<T>(key, path, init), get db() { return getStack().db; } };
  const runs = async (id: string) => (await stack.api<{ items: SyncRun[] }>(`/v1/connections/${id}/syncs?limit=100`)).body.items;
  const waitForRuns = (id: string, count: number, timeoutMs = WAIT_DEADLINE_MS) =>
    waitFor(
      `${count} finished sync runs of ${id}`,
      async () => {
        const done = (await runs(id)).filter((r) => r.status !== 'running');
        return done.length >= count ? done : undefined;
      },
      timeoutMs,
    );
  const kpiRows = (id: string) =>
    stack.db
      .selectFrom('kpi_values')
      .select(['kpi_key', 'period_start', 'value', 'unit'])
      .where('connection_id', '=', id)
      .orderBy('period_start')
      .orderBy('kpi_key')
      .execute();
  /**
   * Temporal names a scheduled run `sync:<id>-<time to the second>`, so a trigger in the same
   * second as the previous run is skipped as a duplicate: wait for the next second.
   */
  const afterLastRunSecond = async (id: string) => {
    const last = (await runs(id))[0];
    if (!last) return;
    const second = Math.floor(Date.parse(last.startedAt) / 1000);
    await waitFor('the next second', async () => Math.floor(Date.now() / 1000) > second);
  };
  const syncNow = async (id: string) => {
    await afterLastRunSecond(id);
    expect((await stack.api(`/v1/connections/${id}/sync`, { method: 'POST' })).status).toBe(202);
  };
  return { runs, waitForRuns, kpiRows, afterLastRunSecond, syncNow };
}
