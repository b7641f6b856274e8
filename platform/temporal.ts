import { readFile } from 'node:fs/promises';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ClientInterceptors } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';

/** Where and how to reach Temporal (TEMPORAL_* in the configuration). */
export interface TemporalSettings {
  address: string | undefined;
  namespace: string;
  apiKey: string | undefined;
  tls: { certPath: string; keyPath: string } | undefined;
}

type TemporalConfig = TemporalSettings & { address: string };

async function tlsOptions(config: TemporalConfig) {
  if (config.tls) {
    const [crt, key] = await Promise.all([readFile(config.tls.certPath), readFile(config.tls.keyPath)]);
    return { clientCertPair: { crt, key } };
  }
  // Temporal Cloud API keys require TLS with the system roots.
  return config.apiKey ? true : undefined;
}

/**
 * The client used by the API and by activities that manage schedules. `failFast`: a call gives
 * up after about a second of retries instead of the SDK's ~19 s, so that an API request meets
 * an unreachable Temporal with a prompt 503 (the caller retries), not a hang.
 */
export async function connectClient(
  config: TemporalConfig,
  dataConverter: DataConverter,
  options: { failFast?: boolean; interceptors?: ClientInterceptors } = {},
): Promise<Client> {
  const connection = await Connection.connect({
    address: config.address,
    tls: await tlsOptions(config),
    apiKey: config.apiKey,
    ...(options.failFast ? { interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 5 }))] } : {}),
  });
  return new Client({ connection, namespace: config.namespace, dataConverter, ...(options.interceptors ? { interceptors: options.interceptors } : {}) });
}

/** The worker's own connection (a native one, as the worker requires). */
export async function connectWorker(config: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.address,
    tls: await tlsOptions(config),
    apiKey: config.apiKey,
  });
}
