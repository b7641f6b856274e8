import type { ProviderErrorKind } from '../providers/errors.js';

/**
 * What activities report about their work. An interface rather than prom-client itself, so the
 * activities stay free of an exporter and tests that build deps by hand need no registry
 * (wiring/worker-metrics.ts is the Prometheus implementation).
 */
export interface ActivityMetrics {
  /** A sync run reached its end state (counted once, even if the activity is retried). */
  syncRunFinished(run: { kind: 'scheduled' | 'backfill'; outcome: 'succeeded' | 'partial' | 'empty' | 'failed' }): void;
  /** One call to a provider on behalf of a connection; `error` is its classification when it failed. */
  providerCall(call: { provider: string; error?: ProviderErrorKind | 'other' }): void;
  /** An OAuth access-token refresh, successful or not. */
  tokenRefresh(refresh: { provider: string; ok: boolean }): void;
}

export const noActivityMetrics: ActivityMetrics = {
  syncRunFinished: () => {},
  providerCall: () => {},
  tokenRefresh: () => {},
};
