/** The API's shapes as the Connect page reads them (api/schemas.ts is the source). */
export interface LastError {
  code: string;
  message: string;
  hint: string;
  /** For the person: what the page shows (the API fills in the code's default). */
  userMessage?: string;
}

export interface Connection {
  id: string;
  integration: string;
  name: string;
  status: string;
  config: Record<string, unknown>;
  onboarding: { step: string; state: string; attempts: number; lastError: LastError | null };
  sync: { lastStatus: string | null; lastSyncAt: string | null; lastError: LastError | null };
  authorizeUrl?: string;
  /** On progress events: the KPI keys its syncs have written. */
  kpisWritten?: string[];
}

export interface JsonSchemaProperty {
  type?: string;
  title?: string;
  description?: string;
  enum?: string[];
  writeOnly?: boolean;
  default?: unknown;
  /** The vendor's own page that says where to find this value. */
  helpUrl?: string;
  /** What leaving an optional choice unset means, in words ("All organizations"). */
  defaultLabel?: string;
}

export interface JsonSchema {
  properties?: Record<string, JsonSchemaProperty>;
  required?: string[];
}

export interface Integration {
  slug: string;
  name: string;
  category: string;
  description: string;
  /** null: the catalog draws a monogram. */
  logoUrl: string | null;
  authKind: 'oauth2' | 'api_key' | 'custom';
  configSchema: JsonSchema;
  credentialsSchema: JsonSchema;
  capabilities: { key: string; description: string }[];
  /** What it feeds and the derived KPIs it completes, in one line (the catalog writes it). */
  feedsSummary?: string;
}

/** The host product the page speaks for (the tenant set it on the session). */
export interface Branding {
  productName: string;
  logoUrl?: string;
  accentColor?: string;
}

export interface SessionInfo {
  connectionId: string | null;
  allowedIntegrations: string[] | null;
  returnUrl: string | null;
  expiresAt: string;
  branding: Branding | null;
}

export type Options = Record<string, { value: string; label: string; preselected?: boolean }[]>;

/** Nothing more happens without the person: the server ends the progress stream here too. */
export function isTerminal(c: Connection): boolean {
  if (c.status === 'disconnected' || c.status === 'failed' || c.onboarding.state === 'failed') return true;
  return (c.status === 'active' || c.status === 'paused') && c.sync.lastStatus !== null;
}
