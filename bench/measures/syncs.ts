import { randomUUID } from 'node:crypto';
import { insertConnection } from '../../db/repositories/connections.js';
import { createSecretBox } from '../../platform/crypto.js';
import { workflowTypes, type SyncInput } from '../../workflows/definitions.js';
import { FLOOR_TASK_QUEUE, type BenchStack } from '../stack.js';
import { pair, timed, type Pair } from '../pair.js';

/** Active demo connections straight in Postgres: onboarding is measured on its own. */
export async function activeDemoConnections(stack: BenchStack, count: number, intervalMinutes = 60): Promise<string[]> {
  const sealed = createSecretBox(stack.config.credentialsKey).seal({ apiKey: 'bench' });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = await insertConnection(stack.db, {
      id: randomUUID(), tenant_id: stack.config.apiKeys[0]!.tenant, integration: 'demo', name: `sync-bench-${i}`, status: 'active', config: '{}',
      credentials_encrypted: sealed, onboarding_step: 'done', onboarding_state: 'completed', onboarding_last_error: null, sync_interval_minutes: intervalMinutes,
    });
    ids.push(row.id);
  }
  return ids;
}

/**
 * N first syncs started at once through the client (as a schedule would start them), each on its
 * own connection, against N floor workflows on N other connections: both write the same 8 days.
 */
export async function measureSyncs(stack: BenchStack, count: number, warmup: number): Promise<Pair> {
  const [onrampIds, floorIds] = [await activeDemoConnections(stack, count + warmup), await activeDemoConnections(stack, count + warmup)];
  const onramp = (ids: string[]) =>
    Promise.all(
      ids.map((connectionId) => {
        const args: [SyncInput] = [{ connectionId }];
        return stack.client.workflow.execute(workflowTypes.sync, { workflowId: `bench-sync-${connectionId}`, taskQueue: stack.config.taskQueue, args });
      }),
    );
  const floor = (ids: string[]) =>
    Promise.all(ids.map((connectionId) => stack.client.workflow.execute('floorSyncWorkflow', { workflowId: `bench-floor-${connectionId}`, taskQueue: FLOOR_TASK_QUEUE, args: [connectionId] })));
  // A first run pays for the workflow isolate and the pools; neither side is charged for it.
  await onramp(onrampIds.slice(0, warmup));
  await floor(floorIds.slice(0, warmup));
  const onrampMs = (await timed(() => onramp(onrampIds.slice(warmup)))).ms;
  const floorMs = (await timed(() => floor(floorIds.slice(warmup)))).ms;
  return pair(`sync throughput, ${count} at once`, 'syncs/s', 'higher', count / (onrampMs / 1000), count / (floorMs / 1000));
}
