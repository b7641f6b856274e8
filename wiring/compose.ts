import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { Runtime, Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import type { Kysely } from 'kysely';
import { createActivities } from '../activities/index.js';
import type { ActivityMetrics } from '../activities/metrics.js';
import type { AppDeps } from '../api/deps.js';
import { FALLBACK_READ_MS } from '../api/progress-stream.js';
import { brandingLogoOrigins } from '../api/branding.js';
import type { Database } from '../db/schema.js';
import { backfillTaskQueue } from '../workflows/definitions.js';
import { builtInProviders, createProviderRegistry, type ProviderRegistry } from '../providers/registry.js';
import type { Config } from './config.js';
import { createSecretBox } from '../platform/crypto.js';
import { tracingWorkerOptions, tracingWorkflowInterceptorModule, type Tracing } from './tracing.js';
import { projectRoot } from '../platform/project-root.js';
import { dataConverterFor } from '../platform/payload-codec.js';
import { prebuiltBundleFiles, staleness } from './prebuilt-workflow-bundle.js';
import { createSyncSchedules } from '../platform/sync-schedules.js';
import { bundleWorkflowsInThread } from './workflow-bundle.js';
import { DEFAULT_WORKER_TUNING, tunedWorkerOptions, type WorkerTuning } from './worker-tuning.js';
import { STANDARD_WEBHOOK_RETRY_POLICY, type WebhookRetryPolicy } from '../domain/webhook-retry.js';
import { createWebhookSender } from '../platform/webhook-sender.js';

// The two places where real dependencies are wired: everything below receives them.

export const DEFAULT_SYNC_INTERVAL_MINUTES = 60;

export const workflowsPath = join(projectRoot, 'workflows', 'index.ts');
/** Where bin/build-web.mjs writes the browser pages. */
export const webDistPath = join(projectRoot, 'web', 'dist');

/** The one redirect URI registered with every provider (DESIGN.md: built from ONRAMP_PUBLIC_URL). */
export const oauthRedirectUri = (publicUrl: string) => `${publicUrl}/v1/oauth/callback`;

/** The slice of Config the API and the worker use; tests build it directly. */
export type RuntimeConfig = Pick<
  Config,
  'taskQueue' | 'credentialsKey' | 'previousCredentialsKeys' | 'apiKeys' | 'codecCorsOrigins' | 'connect' | 'connectSessions' | 'console' | 'onboarding' | 'oauth' | 'endpointOverrides' | 'sync' | 'callLog' | 'webhooks'
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

/** `databaseUrl` is the one `db` was made from: the API listens for connection changes on a connection of its own. */
export function createApiDeps({ config, db, databaseUrl, client, providers }: Shared & { databaseUrl: string }): AppDeps {
  return {
    db,
    databaseUrl,
    progressFallbackMs: FALLBACK_READ_MS,
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
    pages: {
      root: webDistPath,
      connectFrameAncestors: config.connect.frameAncestors,
      logoOrigins: brandingLogoOrigins(config.connect.frameAncestors, config.oauth.returnUrls),
    },
    // Secure cookies on an https public URL; a plain-http dev stack would otherwise never get one back.
    console: { ...config.console, secureCookie: config.publicUrl.startsWith('https:') },
    connectSessions: { ttlMs: config.connectSessions.ttlMs, pageUrl: `${config.publicUrl}/connect` },
    oauth: { ...config.oauth, redirectUri: oauthRedirectUri(config.publicUrl) },
    webhooks: config.webhooks,
  };
}

/**
 * Task slots per worker process. Backfills get a few of their own on their own queue, so a
 * tenant's long backfill (or many tenants' at once) cannot take the slots scheduled syncs need;
 * `activities` bounds the main queue (SDK default when absent). Four backfill slots: two
 * backfills' chunks at once (each keeps two in flight); a waiting poller holds some of them, so
 * with fewer none would be left for eager dispatch (see the backfill worker below).
 */
export interface WorkerSlots {
  activities?: number;
  backfillActivities: number;
}
export const DEFAULT_WORKER_SLOTS: WorkerSlots = { backfillActivities: 4 };

/** The worker processes' two pollers, run and stopped together. */
export interface OnrampWorker {
  run(): Promise<void>;
  shutdown(): void;
  /** Both pollers are running: what the worker's /readyz reports. */
  isRunning(): boolean;
}

/**
 * The prebuilt bundle when it matches the sources (wiring/prebuilt-workflow-bundle.ts), else one
 * built now, once for both queues; webpack's report goes to the Runtime's logger (JSON in
 * production). Tracing needs its interceptors in the bundle, which the prebuilt one lacks.
 */
async function workflowBundleAtStart(tracing: boolean): Promise<WorkflowBundleOption> {
  const logger = Runtime.instance().logger;
  if (!tracing) {
    const files = prebuiltBundleFiles(projectRoot);
    const stale = await staleness(files);
    if (!stale) {
      logger.info('workflows: using the prebuilt bundle', { path: files.code });
      return { codePath: files.code };
    }
    logger.info(`workflows: bundling at start (${stale}); \`npm run build:workflows\` builds the bundle ahead, which saves memory and start-up time`);
  }
  return {
    code: await bundleWorkflowsInThread({ workflowsPath, logger, ...(tracing ? { workflowInterceptorModules: [tracingWorkflowInterceptorModule] } : {}) }),
  };
}

export async function createOnrampWorker(
  shared: Shared & {
    connection: NativeConnection;
    namespace: string;
    /** Pre-built bundle (tests build one per run); otherwise workflows/ is bundled at start. */
    workflowBundle?: WorkflowBundleOption;
    clock?: () => Date;
    slots?: WorkerSlots;
    /** Slots, pollers and cache of the main queue (config.worker); `slots.activities` overrides its activity slots. */
    tuning?: WorkerTuning;
    metrics?: ActivityMetrics;
    /** When failed webhook deliveries are retried (tests use short steps); the Standard Webhooks schedule by default. */
    webhookRetry?: WebhookRetryPolicy;
    /**
     * Traces workflows and activities (wiring/tracing.ts); absent when tracing is off. Workflow
     * spans need the bundle built here: a pre-built one lacks the workflow interceptors.
     */
    tracing?: Pick<Tracing, 'spanProcessor' | 'resource'>;
  },
): Promise<OnrampWorker> {
  const webhookSender = createWebhookSender({ allowPrivateUrls: shared.config.webhooks.allowPrivateUrls });
  const activities = createActivities({
    db: shared.db,
    providers: shared.providers ?? registryFor(shared.config),
    secrets: createSecretBox(shared.config.credentialsKey, shared.config.previousCredentialsKeys),
    schedules: createSyncSchedules(shared.client, shared.config.taskQueue),
    clock: shared.clock ?? (() => new Date()),
    syncFailuresBeforeError: shared.config.sync.failuresBeforeError,
    oauth: { clients: shared.config.oauth.clients, redirectUri: oauthRedirectUri(shared.config.publicUrl) },
    webhooks: { sender: webhookSender, policy: shared.webhookRetry ?? STANDARD_WEBHOOK_RETRY_POLICY },
    ...(shared.metrics ? { metrics: shared.metrics } : {}),
    ...(shared.config.callLog ? { callLog: shared.config.callLog } : {}),
  });
  const slots = shared.slots ?? DEFAULT_WORKER_SLOTS;
  const workflowBundle = shared.workflowBundle ?? (await workflowBundleAtStart(shared.tracing !== undefined));
  const common = {
    connection: shared.connection,
    namespace: shared.namespace,
    activities,
    workflowBundle,
    // Payloads are sealed on the way into Temporal and opened on the way out (platform/payload-codec.ts).
    dataConverter: dataConverterFor(shared.config.credentialsKey, shared.config.previousCredentialsKeys),
    // Running activities get this long to finish on shutdown before they are cancelled.
    shutdownGraceTime: '10 seconds',
    ...(shared.tracing ? tracingWorkerOptions(shared.tracing) : {}),
  } as const;
  const workers = [
    await Worker.create({
      ...common,
      taskQueue: shared.config.taskQueue,
      ...tunedWorkerOptions(shared.tuning ?? DEFAULT_WORKER_TUNING),
      ...(slots.activities !== undefined ? { maxConcurrentActivityTaskExecutions: slots.activities } : {}),
    }),
    // A backfill's activities run on its workflow's queue, hence on these slots.
    await Worker.create({
      ...common,
      taskQueue: backfillTaskQueue(shared.config.taskQueue),
      maxConcurrentActivityTaskExecutions: slots.backfillActivities,
      // A waiting poller holds slots, and eager dispatch (a chunk handed back with the workflow
      // task that scheduled it, without the server's matching round trip) takes only free ones:
      // with a poller per slot, the SDK's default, no chunk was ever dispatched eagerly.
      activityTaskPollerBehavior: { type: 'simple-maximum', maximum: 1 },
      maxConcurrentWorkflowTaskExecutions: 2,
      // A handful of backfills run at once; the SDK's default would size this cache for thousands.
      maxCachedWorkflows: 20,
    }),
  ];
  const shutdown = () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  return {
    // One stopping (shutdown or failure) stops the other: a process serves both queues or neither.
    run: async () => {
      try {
        await Promise.all(workers.map((worker) => worker.run().finally(shutdown)));
      } finally {
        await webhookSender.close();
      }
    },
    shutdown,
    isRunning: () => workers.every((worker) => worker.getState() === 'RUNNING'),
  };
}
