import { describe, expect, it } from 'vitest';
import { failedTooLong, nextAttempt, STANDARD_WEBHOOK_RETRY_POLICY as policy } from '../../domain/webhook-retry.js';

const s = 1_000;
const m = 60 * s;
const h = 60 * m;

describe('the webhook retry schedule', () => {
  it('is the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h steps', () => {
    expect(policy.retryDelaysMs).toEqual([5 * s, 5 * m, 30 * m, 2 * h, 5 * h, 10 * h, 10 * h, 10 * h, 10 * h, 10 * h, 10 * h, 10 * h]);
  });

  it('keeps trying for at least three days, then gives up', () => {
    const total = policy.retryDelaysMs.reduce((sum, d) => sum + d, 0);
    expect(total).toBeGreaterThanOrEqual(3 * 24 * h);
    const now = new Date('2026-11-29T00:00:00Z');
    expect(nextAttempt(policy, 1, now)).toEqual({ retryAt: new Date('2026-11-29T00:00:05Z') });
    expect(nextAttempt(policy, 5, now)).toEqual({ retryAt: new Date('2026-11-29T05:00:00Z') });
    expect(nextAttempt(policy, policy.retryDelaysMs.length, now)).toEqual({ retryAt: new Date('2026-11-29T10:00:00Z') });
    expect(nextAttempt(policy, policy.retryDelaysMs.length + 1, now)).toEqual({ giveUp: true });
  });

  it('disables an endpoint after five days of failures, not before', () => {
    const since = new Date('2026-11-20T00:00:00Z');
    expect(failedTooLong(policy, since, new Date('2026-11-24T23:59:59Z'))).toBe(false);
    expect(failedTooLong(policy, since, new Date('2026-11-25T00:00:00Z'))).toBe(true);
  });
});
