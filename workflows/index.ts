// The worker bundles this file: it must reach only deterministic code.
export { onboardingWorkflow } from './onboarding.js';
export { syncWorkflow } from './sync.js';
export { backfillWorkflow } from './backfill.js';
export { reconcilerWorkflow } from './reconciler.js';
export { webhookEndpointWorkflow } from './webhook-endpoint.js';
