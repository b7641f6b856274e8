import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadHistories } from './helpers/histories.js';

/**
 * Every recorded history must replay on today's workflow code without a non-determinism error:
 * a change that would break running workflows fails here (use `patched()` to make it safe).
 */
describe('workflow replay', () => {
  it('replays every history in test/histories with the current workflow code', async () => {
    const histories = await loadHistories();
    expect(histories.map((h) => h.workflowId)).toEqual(
      expect.arrayContaining(['onboarding-active', 'onboarding-failed-waiting', 'onboarding-flaky-active', 'sync-succeeded']),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
