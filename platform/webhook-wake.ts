import type { Client } from '@temporalio/client';
import {
  wakeWebhookEndpointSignal,
  webhookEndpointWorkflowId,
  workflowTypes,
  type WebhookEndpointInput,
} from '../workflows/definitions.js';

/**
 * Wakes (starting it if needed) the workflow that delivers an endpoint's events. Anything that
 * gives an endpoint work — the outbox listener, a redelivery, a test ping — calls this.
 */
export async function wakeWebhookEndpoint(client: Client, taskQueue: string, endpointId: string): Promise<void> {
  const args: [WebhookEndpointInput] = [{ endpointId }];
  await client.workflow.signalWithStart(workflowTypes.webhookEndpoint, {
    workflowId: webhookEndpointWorkflowId(endpointId),
    taskQueue,
    args,
    signal: wakeWebhookEndpointSignal,
    signalArgs: [],
  });
}
