import { describe, expect, it } from 'vitest';
import { createWorkerMetrics } from '../../wiring/worker-metrics.js';

describe("the worker's own metrics", () => {
  it('counts runs by kind and outcome, provider calls and errors by provider and kind, and token refreshes', async () => {
    const { registry, activities } = createWorkerMetrics({ clientCredentials: { requests: 0 } });
    activities.syncRunFinished({ kind: 'scheduled', outcome: 'succeeded' });
    activities.syncRunFinished({ kind: 'backfill', outcome: 'failed' });
    activities.providerCall({ provider: 'cloudflare' });
    activities.providerCall({ provider: 'cloudflare', error: 'rate_limited' });
    activities.tokenRefresh({ provider: 'google-analytics', ok: false });
    const text = await registry.metrics();
    expect(text).toContain('onramp_sync_runs_total{kind="scheduled",outcome="succeeded"} 1');
    expect(text).toContain('onramp_sync_runs_total{kind="backfill",outcome="failed"} 1');
    expect(text).toContain('onramp_provider_calls_total{provider="cloudflare",result="ok"} 1');
    expect(text).toContain('onramp_provider_calls_total{provider="cloudflare",result="error"} 1');
    expect(text).toContain('onramp_provider_errors_total{provider="cloudflare",kind="rate_limited"} 1');
    expect(text).toContain('onramp_token_refreshes_total{provider="google-analytics",result="error"} 1');
  });

  it("reports the client-credentials cache's token requests as of the scrape", async () => {
    const cache = { requests: 2 };
    const { registry } = createWorkerMetrics({ clientCredentials: cache });
    expect(await registry.metrics()).toContain('onramp_client_credentials_token_requests_total 2');
    cache.requests = 5;
    expect(await registry.metrics()).toContain('onramp_client_credentials_token_requests_total 5');
  });
});
