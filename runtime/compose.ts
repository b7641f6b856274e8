import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { createActivities } from '../activities/index.js';
import type { AppDeps } from '../api/deps.js';
import type { Database } from '../db/schema.js';
import { builtInProviders, createProviderRegistry, type ProviderRegistry } from '../providers/registry.js';
import type { Config } from './config.js';
import { createSecretBox } from './crypto.js';
import { projectRoot } from './embedded/project-root.js';
import { createSyncSchedules } from './sync-schedules.js';

// The two places where real dependencies are wired: everything below receives them.

export const DEFAULT_SYNC_INTERVAL_MINUTES = 60;
export const INITIAL_HISTORY_DAYS = 7;

export const workflowsPath = join(projectRoot, 'workflows', 'index.ts');

export interface Shared {
  config: Pick<Config, 'taskQueue' | 'credentialsKey' | 'apiKeys'>;
  db: Kysely<Database>;
  client: Client;
  providers?: ProviderRegistry;
}

export function createApiDeps({ config, db, client, providers }: Shared): AppDeps {
  return {
    db,
    temporal: client,
    taskQueue: config.taskQueue,
    providers: providers ?? createProviderRegistry(builtInProviders),
    secrets: createSecretBox(config.credentialsKey),
    schedules: createSyncSchedules(client, config.taskQueue),
    apiKeys: config.apiKeys,
    defaultSyncIntervalMinutes: DEFAULT_SYNC_INTERVAL_MINUTES,
  };
}

export async function createOnrampWorker(
  shared: Shared & {
    connection: NativeConnection;
    namespace: string;
    /** Pre-built bundle (tests build one per run); otherwise workflows/ is bundled at start. */
    workflowBundle?: WorkflowBundleOption;
    clock?: () => Date;
  },
): Promise<Worker> {
  const activities = createActivities({
    db: shared.db,
    providers: shared.providers ?? createProviderRegistry(builtInProviders),
    secrets: createSecretBox(shared.config.credentialsKey),
    schedules: createSyncSchedules(shared.client, shared.config.taskQueue),
    clock: shared.clock ?? (() => new Date()),
    initialHistoryDays: INITIAL_HISTORY_DAYS,
  });
  return Worker.create({
    connection: shared.connection,
    namespace: shared.namespace,
    taskQueue: shared.config.taskQueue,
    activities,
    ...(shared.workflowBundle ? { workflowBundle: shared.workflowBundle } : { workflowsPath }),
    // Running activities get this long to finish on shutdown before they are cancelled.
    shutdownGraceTime: '10 seconds',
  });
}

/** Our own version, for the API's OpenAPI document and logs. */
export const packageVersion: string = (createRequire(import.meta.url)(join(projectRoot, 'package.json')) as { version: string }).version;
