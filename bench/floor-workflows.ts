// Bundled on its own (bench/stack.ts) for the floor's task queue: deterministic code only.
import { proxyActivities } from '@temporalio/workflow';
import type { FloorActivities } from './floor-activities.js';

// The same timeouts and retry as Onramp's bookkeeping proxy, so only the work differs.
const floor = proxyActivities<FloorActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** A sync with nothing but its two essential steps: fetch the points, upsert them. */
export async function floorSyncWorkflow(connectionId: string): Promise<number> {
  const points = await floor.floorFetch();
  return floor.floorUpsert({ connectionId, points });
}

/** What any workflow costs to start and finish on this server. */
export async function noopWorkflow(): Promise<void> {}
