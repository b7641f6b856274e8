import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { dataConverterFor } from '../platform/payload-codec.js';
import { loadHistories } from './helpers/histories.js';
import { TEST_CREDENTIALS_KEY } from './helpers/keys.js';

/**
 * Every recorded history must replay on today's workflow code without a non-determinism error:
 * a change that would break running workflows fails here (use `patched()` to make it safe).
 */
describe('workflow replay', () => {
  it('replays every history in test/histories with the current workflow code', async () => {
    const histories = await loadHistories();
    expect(histories.map((h) => h.workflowId)).toEqual(
      expect.arrayContaining([
        // The walking skeleton's runs: must keep replaying through the onboarding-v2 patch.
        'v1-onboarding-active',
        'v1-onboarding-failed-waiting',
        'v1-onboarding-flaky-active',
        'sync-succeeded',
        'v2-apikey-active',
        'v2-apikey-failed-waiting',
        'v2-apikey-flaky-active',
        'v2-oauth-discover-active',
        'v2-oauth-denied-retry-active',
        'v2-oauth-cancelled',
        'v2-oauth-timeout-retry-active',
        'v2-workspace-later-active',
        'v2-workspace-fail-retry-active',
        'v2-workspace-cancelled',
        'v2-workspace-timeouts-active',
        'backfill-30-days',
        'v2-oauth-reauthorize',
        'sync-rate-limited-then-succeeded',
        // Cancelled mid-chunk, behind patched('backfill-cancel').
        'backfill-cancelled',
        // One activity per chunk, behind patched('backfill-chunk-activity'): done, and cancelled mid-chunk.
        'backfill-chunk-activity-30-days',
        'backfill-chunk-activity-cancelled',
        // Behind patched('sync-one-activity'): the whole sync in runSync; a failure recorded by run.
        'sync-one-activity-succeeded',
        'sync-one-activity-rate-limited',
        'sync-one-activity-failed',
        // Behind patched('onboarding-local-bookkeeping'): bookkeeping as local activities.
        'local-apikey-active',
        'local-apikey-failed-waiting',
        'local-workspace-later-active',
        'local-workspace-cancelled',
        // Webhook delivery: retried with durable timers until a 2xx; a 410 disabling the endpoint.
        'webhook-endpoint-retried-delivered',
        'webhook-endpoint-gone-disabled',
        // Behind patched('onboarding-ask-choices'): a Connect session's connection waits for the person's choice.
        'ask-choices-default-kept-active',
        'ask-choices-picked-active',
        'ask-choices-chosen-at-create-active',
      ]),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverterFor(TEST_CREDENTIALS_KEY) },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
