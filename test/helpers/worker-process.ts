/**
 * A worker in a process of its own, so a test can kill it with SIGKILL mid-activity, as a
 * crash or an OOM kill would. Configured by environment variables set by the test.
 */
import { NativeConnection } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import { createDatabase } from '../../db/database.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { createOnrampWorker } from '../../wiring/compose.js';
import { dataConverterFor } from '../../platform/payload-codec.js';
import { replicaMetricsProvider } from '../providers/test-providers.js';
import { testConfig } from './config.js';

// (test/helpers/temporal.js, imported through ./config.js, installs the quiet logger.)
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const db = createDatabase(env('TEST_DATABASE_URL'));
const connection = await Connection.connect({ address: env('TEST_TEMPORAL_ADDRESS') });
const credentialsKey = Buffer.from(env('TEST_CREDENTIALS_KEY'), 'base64');
const client = new Client({ connection, dataConverter: dataConverterFor(credentialsKey) });
const nativeConnection = await NativeConnection.connect({ address: env('TEST_TEMPORAL_ADDRESS') });
const worker = await createOnrampWorker({
  // OAuth clients for providers a test plays against replicas (e.g. xero), as JSON: test values only.
  config: testConfig({ taskQueue: env('TEST_TASK_QUEUE'), credentialsKey, ...(process.env.TEST_PUBLIC_URL ? { publicUrl: process.env.TEST_PUBLIC_URL } : {}), oauth: { clients: JSON.parse(process.env.TEST_OAUTH_CLIENTS ?? '{}'), returnUrls: [] } }),
  db,
  client,
  connection: nativeConnection,
  namespace: 'default',
  providers: createProviderRegistry([...builtInProviders, replicaMetricsProvider], {
    endpointOverrides: { ONRAMP_ENDPOINT_REPLICA_METRICS_API: env('TEST_REPLICA_URL'), ...JSON.parse(process.env.TEST_ENDPOINT_OVERRIDES ?? '{}') },
  }),
  workflowBundle: { codePath: env('TEST_WORKFLOW_BUNDLE') },
});
console.log('worker-ready');
await worker.run();
