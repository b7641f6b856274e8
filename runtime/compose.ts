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
import { dataConverterFor } from './payload-codec.js';
import { createSyncSchedules } from './sync-schedules.js';

// The two places where real dependencies are wired: everything below receives them.

export const DEFAULT_SYNC_INTERVAL_MINUTES = 60;

export const workflowsPath = join(projectRoot, 'workflows', 'index.ts');

/** The one redirect URI registered with every provider (DESIGN.md: built from ONRAMP_PUBLIC_URL). */
export const oauthRedirectUri = (publicUrl: string) => `${publicUrl}/v1/oauth/callback`;

/** The slice of Config the API and the worker use; tests build it directly. */
export type RuntimeConfig = Pick<
  Config,
  'taskQueue' | 'credentialsKey' | 'previousCredentialsKeys' | 'apiKeys' | 'codecCorsOrigins' | 'onboarding' | 'oauth' | 'endpointOverrides' | 'sync'
> & {
  publicUrl: string;
};

export function runtimeConfig(config: Config, publicUrl = config.api.publicUrl): RuntimeConfig {
  return { ...config, publicUrl };
}

const registryFor = (config: RuntimeConfig) =>
  createProviderRegistry(builtInProviders, { endpointOverrides: config.endpointOverrides });

export interface Shared {
  config: RuntimeConfig;
  db: Kysely<Database>;
  client: Client;
  providers?: ProviderRegistry;
}

export function createApiDeps({ config, db, client, providers }: Shared): AppDeps {
  return {
    db,
    temporal: client,
    taskQueue: config.taskQueue,
    providers: providers ?? registryFor(config),
    secrets: createSecretBox(config.credentialsKey, config.previousCredentialsKeys),
    schedules: createSyncSchedules(client, config.taskQueue),
    apiKeys: config.apiKeys,
    defaultSyncIntervalMinutes: DEFAULT_SYNC_INTERVAL_MINUTES,
    onboardingTimeouts: config.onboarding,
    payloadCodec: dataConverterFor(config.credentialsKey, config.previousCredentialsKeys).payloadCodecs![0]!,
    codecCorsOrigins: config.codecCorsOrigins,
    oauth: { ...config.oauth, redirectUri: oauthRedirectUri(config.publicUrl) },
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
    providers: shared.providers ?? registryFor(shared.config),
    secrets: createSecretBox(shared.config.credentialsKey, shared.config.previousCredentialsKeys),
    schedules: createSyncSchedules(shared.client, shared.config.taskQueue),
    clock: shared.clock ?? (() => new Date()),
    syncFailuresBeforeError: shared.config.sync.failuresBeforeError,
    oauth: { clients: shared.config.oauth.clients, redirectUri: oauthRedirectUri(shared.config.publicUrl) },
  });
  return Worker.create({
    connection: shared.connection,
    namespace: shared.namespace,
    taskQueue: shared.config.taskQueue,
    activities,
    ...(shared.workflowBundle ? { workflowBundle: shared.workflowBundle } : { workflowsPath }),
    // Payloads are sealed on the way into Temporal and opened on the way out (runtime/payload-codec.ts).
    dataConverter: dataConverterFor(shared.config.credentialsKey, shared.config.previousCredentialsKeys),
    // Running activities get this long to finish on shutdown before they are cancelled.
    shutdownGraceTime: '10 seconds',
  });
}
