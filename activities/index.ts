import { backfillActivities } from './backfill.js';
import { createConnectionAccess } from './connection-access.js';
import type { ActivityDeps } from './deps.js';
import { onboardingActivities } from './onboarding.js';
import { reconcileActivities } from './reconcile.js';
import { classifyActivityFailures } from './failures.js';
import { syncActivities } from './sync.js';
import { webhookActivities } from './webhooks.js';

export type { ActivityDeps } from './deps.js';

/** Every activity, closed over its dependencies; the worker's entry point is the only caller. */
export function createActivities(deps: ActivityDeps) {
  const access = createConnectionAccess(deps);
  return classifyActivityFailures({
    ...onboardingActivities(deps, access),
    ...syncActivities(deps, access),
    ...backfillActivities(deps, access),
    ...reconcileActivities(deps),
    ...webhookActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
