import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActivityMetrics } from '../activities/metrics.js';
import type { ClientCredentialsTokens } from '../providers/client-credentials.js';

/**
 * Onramp's own worker counters in Prometheus form, on a registry of the worker's own (no global
 * state, like the API's). Counted where the work happens, so a sync that never reaches Postgres
 * still shows up here, unlike the API's gauges read from the sync_runs table.
 */
export function createWorkerMetrics(deps: {
  /** The process's client-credentials token cache (PayPal, NinjaOne): its token requests are read at scrape time. */
  clientCredentials: Pick<ClientCredentialsTokens, 'requests'>;
  registry?: Registry;
}): { registry: Registry; activities: ActivityMetrics } {
  const registry = deps.registry ?? new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'onramp_worker_' });
  const runs = new Counter({
    name: 'onramp_sync_runs_total',
    help: 'Sync runs finished by this worker, by kind and outcome (succeeded, empty, failed)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const calls = new Counter({
    name: 'onramp_provider_calls_total',
    help: 'Provider calls made for a connection, by provider and result (ok or error)',
    labelNames: ['provider', 'result'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'onramp_provider_errors_total',
    help: 'Failed provider calls, by provider and error kind (auth_failed, rate_limited, provider_unavailable, ..., other)',
    labelNames: ['provider', 'kind'] as const,
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'onramp_token_refreshes_total',
    help: 'OAuth access-token refreshes, by provider and result (ok or error)',
    labelNames: ['provider', 'result'] as const,
    registers: [registry],
  });
  new Counter({
    name: 'onramp_client_credentials_token_requests_total',
    help: 'Client-credentials token requests (PayPal, NinjaOne): a new token on expiry or after a 401',
    registers: [registry],
    collect() {
      // The cache counts its own requests (it lives in the providers, below the activities).
      this.reset();
      this.inc(deps.clientCredentials.requests);
    },
  });
  return {
    registry,
    activities: {
      syncRunFinished: ({ kind, outcome }) => runs.inc({ kind, outcome }),
      providerCall: ({ provider, error }) => {
        calls.inc({ provider, result: error ? 'error' : 'ok' });
        if (error) errors.inc({ provider, kind: error });
      },
      tokenRefresh: ({ provider, ok }) => refreshes.inc({ provider, result: ok ? 'ok' : 'error' }),
    },
  };
}
