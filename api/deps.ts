import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { OAuthClientCredentials } from '../providers/oauth2.js';
import type { WebhookUrlPolicy } from '../platform/public-address.js';
import type { OnboardingTimeouts } from '../workflows/definitions.js';
import type { ApiKey } from './principal.js';
import type { SecretBox } from '../platform/crypto.js';
import type { SyncSchedules } from '../platform/sync-schedules.js';
import type { PagesOptions } from './routes/pages.js';

export interface ConsoleConfig {
  sessionTtlMs: number;
  temporalUiUrl: string;
  temporalNamespace: string;
  /** How long an onboarding may wait on its user before it needs attention (ONRAMP_WAITING_ATTENTION_AFTER). */
  waitingAttentionMs: number;
}

/** Everything the API needs, built by an entry point (or a test) and passed in. */
export interface AppDeps {
  db: Kysely<Database>;
  /** For the API's own LISTEN connection (progress streams): a pooled connection cannot hold one. */
  databaseUrl: string;
  /** How long an open progress stream waits for a change notification before re-reading anyway. */
  progressFallbackMs: number;
  temporal: Client;
  taskQueue: string;
  providers: ProviderRegistry;
  secrets: SecretBox;
  schedules: SyncSchedules;
  apiKeys: ApiKey[];
  defaultSyncIntervalMinutes: number;
  onboardingTimeouts: OnboardingTimeouts;
  /** The same codec the worker and client use, for the Temporal UI's codec endpoint. */
  payloadCodec: PayloadCodec;
  /** Temporal UI origins allowed to call the codec endpoint from a browser. */
  codecCorsOrigins: string[];
  /** The browser pages (api/routes/pages.ts). */
  pages: PagesOptions;
  /** The support console's sessions; `secureCookie` when the public URL is https. */
  console: ConsoleConfig & { secureCookie: boolean };
  /** Connect sessions: their lifetime and the page their links open. */
  connectSessions: { ttlMs: number; pageUrl: string };
  oauth: {
    clients: Record<string, OAuthClientCredentials>;
    redirectUri: string;
    /** Allowed prefixes for a connection's `returnUrl`. */
    returnUrls: string[];
  };
  webhooks: WebhookUrlPolicy;
}
