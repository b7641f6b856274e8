import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { insertConnection } from '../../db/repositories/connections.js';
import type { Database } from '../../db/schema.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { createSecretBox } from '../../platform/crypto.js';
import { createSyncSchedules, type SyncSchedules } from '../../platform/sync-schedules.js';
import { STANDARD_WEBHOOK_RETRY_POLICY } from '../../domain/webhook-retry.js';
import { createWebhookSender } from '../../platform/webhook-sender.js';
import { createTestDatabase } from '../helpers/database.js';
import { TEST_CREDENTIALS_KEY } from '../helpers/keys.js';
import { connectTestTemporal, uniqueTaskQueue } from '../helpers/temporal.js';

/**
 * Activation is a local activity: when it fails after triggering, or the worker dies before the
 * workflow task that ran it completes, it runs again. Doing so must not start another sync.
 */
describe('activation run twice (a retried workflow task), real Postgres and Temporal', () => {
  let db: Kysely<Database>;
  let temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  let schedules: SyncSchedules;
  const calls: string[] = [];
  const connectionId = randomUUID();

  beforeAll(async () => {
    ({ db } = await createTestDatabase());
    temporal = await connectTestTemporal();
    const real = createSyncSchedules(temporal.client, uniqueTaskQueue('activation'));
    // The real schedules, with the calls that start or resume syncs written down.
    schedules = {
      ...real,
      trigger: (id) => (calls.push('trigger'), real.trigger(id)),
      unpause: (id, note) => (calls.push('unpause'), real.unpause(id, note)),
    };
    await insertConnection(db, {
      id: connectionId,
      tenant_id: 'acme',
      integration: 'demo',
      name: 'shop',
      status: 'testing',
      config: '{}',
      credentials_encrypted: null,
      onboarding_step: 'activate',
      onboarding_state: 'running',
      onboarding_last_error: null,
      sync_interval_minutes: 60,
    });
  });
  afterAll(async () => {
    await schedules?.remove(connectionId).catch(() => undefined);
    await temporal?.close();
    await db?.destroy();
  });

  it('triggers the first sync once the row says active, and nothing when run again after that sync', async () => {
    const activities = createActivities({
      db,
      providers: createProviderRegistry(builtInProviders, { endpointOverrides: {} }),
      secrets: createSecretBox(TEST_CREDENTIALS_KEY),
      schedules,
      clock: () => new Date(),
      syncFailuresBeforeError: 3,
      oauth: { clients: {}, redirectUri: 'http://127.0.0.1/v1/oauth/callback' },
      webhooks: { sender: createWebhookSender({ allowPrivateUrls: true }), policy: STANDARD_WEBHOOK_RETRY_POLICY },
    });
    await activities.activateConnection({ connectionId });
    const row = await db.selectFrom('connections').selectAll().where('id', '=', connectionId).executeTakeFirstOrThrow();
    expect({ status: row.status, step: row.onboarding_step, state: row.onboarding_state }).toEqual({ status: 'active', step: 'done', state: 'completed' });
    // The first sync is triggered once the row says active (so its events follow the activation's).
    expect(calls).toEqual(['trigger']);

    // Run again while that first sync has not recorded itself (no worker serves this queue, so it
    // never will): the schedule has started it, so nothing more starts.
    await activities.activateConnection({ connectionId });
    expect(calls).toEqual(['trigger']);

    // The first sync ran (as in the dev stack killed right after it), then the task is retried.
    await db.updateTable('connections').set({ last_sync_status: 'succeeded', last_sync_at: new Date() }).where('id', '=', connectionId).execute();
    await activities.activateConnection({ connectionId });
    expect(calls).toEqual(['trigger']);
  });
});
