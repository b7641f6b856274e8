import type { z } from 'zod';
import type { KpiKey, MetricKey, PeriodGranularity } from '../domain/kpis.js';
import type { SyncWindow } from '../domain/periods.js';
import type { MissingPeriod } from '../domain/missing-periods.js';

export type AuthKind = 'oauth2' | 'api_key' | 'custom';

/** What a provider call gets: validated config and decrypted credentials, never raw rows. */
export interface ProviderCallContext<TConfig, TCredentials> {
  config: TConfig;
  credentials: TCredentials;
  /** The provider's endpoints after `ONRAMP_ENDPOINT_<SLUG>_<NAME>` overrides. */
  endpoints: Record<string, string>;
  /** 1 on the first try of this call; Temporal's retry counter, so tries survive restarts. */
  attempt: number;
  signal: AbortSignal | undefined;
}

export interface KpiPoint {
  /** A catalog KPI, or one of the provider's own `metrics` (`<slug>.<metric>`). */
  key: KpiKey | MetricKey;
  /** The UTC day the value belongs to, YYYY-MM-DD (for a monthly value, the month's first day). */
  period: string;
  /** The length of the period; the provider's `granularity` when absent. */
  granularity?: PeriodGranularity;
  value: number;
  unit: string;
}

/**
 * What one fetch read: its points, and the days it could not read because the vendor refused
 * those alone (a limit no split gets under), with why. A failure of the whole call (credentials,
 * permission, an outage) is thrown instead. A day listed here gets no point.
 */
export interface FetchedMetrics {
  points: KpiPoint[];
  missing: MissingPeriod[];
}

/** A provider's answer in one shape: a plain list of points read everything. */
export const fetchedMetrics = (result: KpiPoint[] | FetchedMetrics): FetchedMetrics =>
  Array.isArray(result) ? { points: result, missing: [] } : result;

/**
 * Choices a setup wizard can offer for a config field, found with the connection's credentials.
 * `preselected`: for a field taking several values, a choice offered ticked for the person to
 * confirm (e.g. Xero's expense accounts named like marketing).
 */
export type ConfigOptions = Record<string, { value: string; label: string; preselected?: boolean }[]>;

export interface OAuth2Settings {
  scopes: string[];
  /** How the token endpoint wants the client authenticated (RFC 6749 §2.3.1). */
  clientAuth: 'client_secret_basic' | 'client_secret_post';
  /** Extra authorize-request parameters the vendor needs (e.g. Google's access_type=offline). */
  authorizeParams?: Record<string, string>;
  /**
   * Judges the scopes the token response says were granted (RFC 6749 §5.1 `scope`; absent: as
   * asked) right after the code is exchanged: a consent screen with granular permissions lets the
   * user finish without the one that matters. Throws the ProviderError to show; the tokens are
   * then not kept, and the user signs in again from the Connect step.
   */
  checkGrantedScopes?(granted: string | undefined): void;
}

/**
 * How far back the vendor's API serves data, as its documentation states: `days` before today
 * (0: the current state only), or a fixed first day. Backfills reaching further are refused
 * with a 400 rather than spending the worker on requests the vendor cannot answer.
 */
export type HistoryLimit = { days: number; source: string } | { since: string; source: string };

/**
 * The most days one `fetchMetrics` call covers, from what the vendor's API allows per request
 * (PayPal refuses more than 31 days; GA4 takes any range and pages the rows). A backfill chunk is
 * this long: one fetch and one upsert per chunk, so a longer limit means fewer round trips through
 * Temporal, and the adapter never has to send the vendor more than it accepts.
 */
/**
 * How long after a period ends the vendor may still change its figures, from its documentation
 * (PayPal lists a transaction up to three hours late, GA4 processes up to two days): each sync
 * reads again from the last sync minus this, and nothing older (domain/sync-window.ts).
 */
export interface DataLateness {
  hours: number;
  source: string;
}

export interface CallRange {
  maxDays: number;
  source: string;
}

export interface ProviderDefinition<
  TConfig extends z.ZodObject = z.ZodObject,
  TCredentials extends z.ZodType = z.ZodType,
> {
  slug: string;
  name: string;
  category: 'analytics' | 'infrastructure' | 'finance' | 'rmm' | 'demo';
  description: string;
  /**
   * Its logo in the catalog: a `data:` image or a path on Onramp's own origin, which the
   * Connect page's Content-Security-Policy allows (img-src 'self' data:). Absent: the page
   * draws a monogram. Vendors' own marks are theirs to license, so built-in providers ship none.
   */
  logoUrl?: string;
  authKind: AuthKind;
  /** Non-secret settings; published as JSON Schema in the catalog. Fields may arrive later than creation. */
  configSchema: TConfig;
  /** Secret fields carry `.meta({ writeOnly: true })`; stored only encrypted. */
  credentialsSchema: TCredentials;
  /**
   * Named endpoints with the vendor's real URLs as defaults; each can be overridden by
   * `ONRAMP_ENDPOINT_<SLUG>_<NAME>`. OAuth2 providers name `authorize` and `token`.
   */
  endpoints: Record<string, string>;
  /** For authKind `oauth2`: authorization-code flow with PKCE. */
  oauth2?: OAuth2Settings;
  /** The oldest data a backfill may ask for, with where the vendor documents it. */
  history: HistoryLimit;
  /** How many days a backfill asks for in one call, with where the vendor documents the limit. */
  callRange: CallRange;
  /** How late the vendor's figures can still change; none: a period is final once it ends. */
  dataLateness?: DataLateness;
  /** The KPI keys this provider writes, with how each is derived (documentation and catalog). */
  kpis: Partial<Record<KpiKey, string>>;
  /** Raw metrics it writes beside the KPIs, keyed `<slug>.<metric>`: their unit and derivation. */
  metrics?: Record<MetricKey, { unit: string; description: string }>;
  /** The period its values cover (day when absent): a monthly ledger says month. */
  granularity?: PeriodGranularity;
  testConnection(ctx: ProviderCallContext<z.infer<TConfig>, z.infer<TCredentials>>): Promise<void>;
  /**
   * Optional config fields `discover` lists (NinjaOne's organization): a person connecting on the
   * Connect page chooses one, or keeps the default, before the connection is tested, instead of
   * getting the default by silence. API clients that leave them out get the default at once. The
   * field's JSON Schema may say what the default means in `defaultLabel` ("All organizations").
   */
  askedChoices?: readonly (keyof z.infer<TConfig> & string)[];
  /** Config choices the credentials can see (accounts, properties, zones…); config may be incomplete. */
  discover?(ctx: ProviderCallContext<Partial<z.infer<TConfig>>, z.infer<TCredentials>>): Promise<ConfigOptions>;
  /** Points for the window; a provider that can lose single periods to a vendor limit answers FetchedMetrics. */
  fetchMetrics(
    ctx: ProviderCallContext<z.infer<TConfig>, z.infer<TCredentials>>,
    window: SyncWindow,
  ): Promise<KpiPoint[] | FetchedMetrics>;
}

/** Keeps a definition's schemas and functions in step while letting the registry hold any provider. */
export function defineProvider<TConfig extends z.ZodObject, TCredentials extends z.ZodType>(
  definition: ProviderDefinition<TConfig, TCredentials>,
): ProviderDefinition {
  return definition as unknown as ProviderDefinition;
}
