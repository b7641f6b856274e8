import type { z } from 'zod';
import type { KpiKey } from './kpis.js';
import type { SyncWindow } from './periods.js';

export type AuthKind = 'oauth2' | 'api_key' | 'custom';

/** What a provider call gets: validated config and decrypted credentials, never raw rows. */
export interface ProviderCallContext<TConfig, TCredentials> {
  config: TConfig;
  credentials: TCredentials;
  /** 1 on the first try of this call; Temporal's retry counter, so tries survive restarts. */
  attempt: number;
  signal: AbortSignal | undefined;
}

export interface KpiPoint {
  key: KpiKey;
  /** The UTC day the value belongs to, YYYY-MM-DD. */
  period: string;
  value: number;
  unit: string;
}

export interface ProviderDefinition<
  TConfig extends z.ZodType = z.ZodType,
  TCredentials extends z.ZodType = z.ZodType,
> {
  slug: string;
  name: string;
  category: 'analytics' | 'infrastructure' | 'finance' | 'rmm' | 'demo';
  description: string;
  authKind: AuthKind;
  /** Non-secret settings; published as JSON Schema in the catalog. */
  configSchema: TConfig;
  /** Secret fields carry `.meta({ writeOnly: true })`; stored only encrypted. */
  credentialsSchema: TCredentials;
  /** The KPI keys this provider writes, with how each is derived (documentation and catalog). */
  kpis: Partial<Record<KpiKey, string>>;
  testConnection(ctx: ProviderCallContext<z.infer<TConfig>, z.infer<TCredentials>>): Promise<void>;
  fetchMetrics(
    ctx: ProviderCallContext<z.infer<TConfig>, z.infer<TCredentials>>,
    window: SyncWindow,
  ): Promise<KpiPoint[]>;
}

/** Keeps a definition's schemas and functions in step while letting the registry hold any provider. */
export function defineProvider<TConfig extends z.ZodType, TCredentials extends z.ZodType>(
  definition: ProviderDefinition<TConfig, TCredentials>,
): ProviderDefinition {
  return definition as unknown as ProviderDefinition;
}
