import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nextScheduledSync, syncScheduleSpec } from '../../domain/next-sync.js';

const phaseOf = (connectionId: string, intervalMinutes: number) => {
  const offset = syncScheduleSpec(connectionId, intervalMinutes).intervals[0]!.offset;
  return Number.parseInt(offset, 10);
};

describe('sync schedule spec', () => {
  it('spreads 1,000 connections on a 5-minute interval evenly over it instead of firing them together', () => {
    const slices = new Array<number>(10).fill(0); // 30-second slices of the interval
    for (let i = 0; i < 1000; i++) {
      const phase = phaseOf(randomUUID(), 5);
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(300);
      slices[Math.floor(phase / 30)]!++;
    }
    // 100 expected in each; a uniform spread stays well within 50–150.
    for (const count of slices) expect(count).toBeGreaterThan(50);
    for (const count of slices) expect(count).toBeLessThan(150);
  });
});

describe('next scheduled sync, computed from the spec', () => {
  const id = '6f1c1d2e-0000-4000-8000-000000000001';
  const phaseMs = phaseOf(id, 5) * 1_000;
  const boundary = Date.UTC(2026, 10, 29, 12, 0, 0) + phaseMs; // 12:00 UTC is a multiple of 5 minutes since the epoch

  it('is the epoch plus a whole number of intervals plus the phase, strictly after the time given', () => {
    expect(nextScheduledSync(id, 5, new Date(boundary - 1)).getTime()).toBe(boundary);
    expect(nextScheduledSync(id, 5, new Date(boundary)).getTime()).toBe(boundary + 300_000);
    expect(nextScheduledSync(id, 5, new Date(boundary + 299_999)).getTime()).toBe(boundary + 300_000);
  });

  it('carries no jitter, so the time the row shows is the time the schedule starts the run', () => {
    expect(syncScheduleSpec(id, 60)).not.toHaveProperty('jitter');
  });
});
