import type { RuntimeConfig } from '../../wiring/compose.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { replicaMetricsProvider } from '../providers/test-providers.js';
import { startMetricsReplica, type MetricsReplica } from '../replicas/metrics-server.js';
import { startTestStack, type TestStack } from './stack.js';

/** A stack whose `replica-metrics` integration syncs from a metrics replica that accepts `good-key`. */
export async function startMetricsStack(options: { apiKeys: RuntimeConfig['apiKeys']; failuresBeforeError: number }): Promise<{ replica: MetricsReplica; stack: TestStack }> {
  const replica = await startMetricsReplica();
  replica.validKeys.add('good-key');
  const providers = createProviderRegistry([...builtInProviders, replicaMetricsProvider], {
    endpointOverrides: { ONRAMP_ENDPOINT_REPLICA_METRICS_API: replica.url },
  });
  const stack = await startTestStack({
    providers,
    config: () => ({ apiKeys: options.apiKeys, sync: { failuresBeforeError: options.failuresBeforeError } }),
  });
  return { replica, stack };
}
