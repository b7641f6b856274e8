import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OAuthClientCredentials } from '../providers/oauth2.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { SecretBox } from '../platform/crypto.js';
import type { SyncSchedules } from '../platform/sync-schedules.js';
import type { WebhookRetryPolicy } from '../domain/webhook-retry.js';
import type { WebhookSender } from '../platform/webhook-sender.js';
import type { ActivityMetrics } from './metrics.js';
import type { CallLogBounds } from '../db/repositories/provider-calls.js';

export interface ActivityDeps {
  db: Kysely<Database>;
  providers: ProviderRegistry;
  secrets: SecretBox;
  schedules: SyncSchedules;
  clock: () => Date;
  /** Consecutive failed runs after which a connection shows status `error`. */
  syncFailuresBeforeError: number;
  oauth: {
    /** Keyed by envSlug(provider slug), from ONRAMP_OAUTH_<SLUG>_CLIENT_ID / _SECRET. */
    clients: Record<string, OAuthClientCredentials>;
    redirectUri: string;
  };
  /** Outbound events: how they are sent and when a failed one is tried again. */
  webhooks: { sender: WebhookSender; policy: WebhookRetryPolicy };
  /** Counters for Onramp's own work (runs, provider calls, refreshes); none when absent. */
  metrics?: ActivityMetrics;
  /** How much of each connection's vendor call log is kept (ONRAMP_CALL_LOG_MAX_CALLS, _MAX_AGE); 500 calls and 30 days when absent. */
  callLog?: CallLogBounds;
}
