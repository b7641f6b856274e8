import type { RuntimeConfig } from '../../wiring/compose.js';
import { DEFAULT_TEMPORAL_UI_URL } from '../../wiring/config.js';
import { TEST_CREDENTIALS_KEY } from './keys.js';
import { uniqueTaskQueue } from './temporal.js';

/** A complete runtime config for tests: a fresh task queue and key unless given. */
export function testConfig(overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  return {
    taskQueue: uniqueTaskQueue('test'),
    credentialsKey: TEST_CREDENTIALS_KEY,
    previousCredentialsKeys: [],
    codecCorsOrigins: [],
    connect: { frameAncestors: [] },
    console: { sessionTtlMs: 8 * 3_600_000, temporalUiUrl: DEFAULT_TEMPORAL_UI_URL, temporalNamespace: 'default', waitingAttentionMs: 24 * 3_600_000 },
    connectSessions: { ttlMs: 30 * 60_000 },
    apiKeys: [],
    onboarding: { authorizationMs: 3_600_000, configMs: 7 * 86_400_000, failedWaitMs: 30 * 86_400_000 },
    oauth: { clients: {}, returnUrls: [] },
    sync: { failuresBeforeError: 3 },
    endpointOverrides: {},
    // Receivers in tests listen on 127.0.0.1; the SSRF test turns this off.
    webhooks: { allowPrivateUrls: true },
    publicUrl: 'http://127.0.0.1:3000',
    ...overrides,
  };
}
