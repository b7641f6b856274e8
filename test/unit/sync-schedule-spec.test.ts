import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syncScheduleSpec } from '../../runtime/sync-schedules.js';

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
