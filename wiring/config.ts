import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import ipaddr from 'ipaddr.js';
import type { ConsoleConfig } from '../api/deps.js';
import { roles, type ApiKey, type Role } from '../api/principal.js';
import type { OAuthClientCredentials } from '../providers/oauth2.js';
import type { OnboardingTimeouts } from '../workflows/definitions.js';
import type { WebhookUrlPolicy } from '../platform/public-address.js';
import type { TemporalSettings } from '../platform/temporal.js';
import { DEFAULT_WORKER_TUNING, type WorkerTuning } from './worker-tuning.js';

/** Raised with every bad variable named, so a user can fix all of them in one go. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const apiKeyEntry = z
  .string()
  .trim()
  .transform((entry, ctx) => {
    const [key, tenant, role, ...rest] = entry.split(':');
    // An optional fourth part names who holds the key; it may hold colons itself.
    const label = rest.join(':').trim();
    if (!key || !tenant || !role) {
      ctx.addIssue({ code: 'custom', message: `entry "${redactKey(entry)}" is not of the form key:tenant:role[:label]` });
      return z.NEVER;
    }
    if (!roles.includes(role as Role)) {
      ctx.addIssue({ code: 'custom', message: `role "${role}" must be "client" or "support"` });
      return z.NEVER;
    }
    if (key.length < 16) {
      ctx.addIssue({ code: 'custom', message: `key "${redactKey(key)}" is shorter than 16 characters` });
      return z.NEVER;
    }
    if (role === 'client' && tenant === '*') {
      ctx.addIssue({ code: 'custom', message: 'tenant "*" is for support keys only' });
      return z.NEVER;
    }
    if (label.length > 100) {
      ctx.addIssue({ code: 'custom', message: `the label of key "${redactKey(key)}" is longer than 100 characters` });
      return z.NEVER;
    }
    return { key, tenant, role: role as Role, ...(label ? { label } : {}) };
  });

const credentialsKey = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: `must be 32 bytes encoded as base64 (got ${bytes.length} bytes); generate one with: openssl rand -base64 32`,
      });
      return z.NEVER;
    }
    return bytes;
  });

const port = z.coerce.number().int().min(0).max(65535);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const DURATION = /^(\d+)\s*(ms|s|m|h|d)$/;
const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** "90s", "15m", "1h", "7d": a duration in milliseconds. */
const duration = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((value, ctx) => {
      const match = DURATION.exec(value);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 15m, 1h or 7d' });
        return z.NEVER;
      }
      return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
    });

const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  TEMPORAL_ADDRESS: optionalText.pipe(
    z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:7233')
      .optional(),
  ),
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS_CERT_PATH: optionalText,
  TEMPORAL_TLS_KEY_PATH: optionalText,
  ONRAMP_TASK_QUEUE: z.string().trim().min(1).default('onramp'),
  ONRAMP_API_HOST: z.string().trim().min(1).default('127.0.0.1'),
  ONRAMP_API_PORT: port.default(3000),
  /** The worker's /healthz, /readyz and /metrics; port 0 turns the server off. */
  ONRAMP_WORKER_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  ONRAMP_WORKER_METRICS_PORT: port.default(9464),
  /** OTLP/HTTP collector (e.g. http://collector:4318): traces are exported there; none when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Worker tuning (wiring/worker-tuning.ts says why the defaults). */
  ONRAMP_WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(10_000).default(DEFAULT_WORKER_TUNING.workflowTaskSlots),
  ONRAMP_WORKER_ACTIVITY_TASK_SLOTS: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_WORKER_TUNING.activityTaskSlots),
  ONRAMP_WORKER_MAX_POLLERS: z.coerce.number().int().min(2).max(1_000).default(DEFAULT_WORKER_TUNING.maxPollers),
  ONRAMP_WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100_000).default(DEFAULT_WORKER_TUNING.cachedWorkflows),
  ONRAMP_DATA_DIR: z.string().trim().min(1).default('./.onramp'),
  /** `npm run dev`: how many times in a row a dead embedded Postgres or Temporal is started again before the stack gives up; 0: never. */
  ONRAMP_DEV_RESTARTS: z.coerce.number().int().min(0).max(100).default(5),
  ONRAMP_API_KEYS: optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const parsed = z.array(apiKeyEntry).safeParse(v.split(',').filter((e) => e.trim() !== ''));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return parsed.data;
  }),
  ONRAMP_CREDENTIALS_KEY: optionalText.pipe(credentialsKey.optional()),
  /** Older keys, still accepted for reading until `npm run rotate-keys` has re-sealed everything. */
  ONRAMP_PREVIOUS_CREDENTIALS_KEYS: optionalText.transform((v, ctx) => {
    const keys: Buffer[] = [];
    for (const [i, part] of (v ?? '').split(',').map((k) => k.trim()).filter(Boolean).entries()) {
      const parsed = credentialsKey.safeParse(part);
      if (parsed.success) keys.push(parsed.data);
      else ctx.addIssue({ code: 'custom', message: `key #${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    }
    return keys;
  }),
  ONRAMP_PUBLIC_URL: optionalText.pipe(z.url().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ONRAMP_CODEC_CORS_ORIGINS: optionalText.transform((v) => (v ?? '').split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean)),
  ONRAMP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Each Connect session's and console session's own budget: a page's worth. */
  ONRAMP_SESSION_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /**
   * The proxies in front of the API whose X-Forwarded-For is believed (Fastify's trustProxy): a
   * hop count, or a comma list of addresses and CIDRs; unset, the socket's address is the client's.
   */
  ONRAMP_TRUST_PROXY: optionalText.transform((v, ctx): number | string[] | undefined => {
    if (v === undefined) return undefined;
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops < 1 || hops > 10) ctx.addIssue({ code: 'custom', message: `a hop count is 1 to 10 (got ${v}); unset it to trust no proxy` });
      return hops;
    }
    const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
    for (const entry of entries) {
      const valid = entry.includes('/') ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry);
      if (!valid) ctx.addIssue({ code: 'custom', message: `"${entry}" is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8); or give the number of proxies in front` });
    }
    return entries;
  }),
  ONRAMP_SYNC_FAILURES_BEFORE_ERROR: z.coerce.number().int().min(1).max(100).default(3),
  /** The vendor call log a connection keeps: its last N calls, none older than the age. */
  ONRAMP_CALL_LOG_MAX_CALLS: z.coerce.number().int().min(1).max(100_000).default(500),
  ONRAMP_CALL_LOG_MAX_AGE: duration('30d'),
  ONRAMP_ONBOARDING_AUTHORIZATION_TIMEOUT: duration('1h'),
  ONRAMP_ONBOARDING_CONFIG_TIMEOUT: duration('7d'),
  ONRAMP_ONBOARDING_FAILED_WAIT: duration('30d'),
  /** How long a support console sign-in lasts. */
  ONRAMP_CONSOLE_SESSION_TTL: duration('8h'),
  /** How long an onboarding may wait on its user (credentials, config, an authorization) before the console lists it as needing attention. */
  ONRAMP_WAITING_ATTENTION_AFTER: duration('24h'),
  /** Where the console links a connection's workflow and schedule (the dev server's UI by default). */
  ONRAMP_TEMPORAL_UI_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ONRAMP_CONNECT_SESSION_TTL: duration('30m'),
  ONRAMP_CONNECT_FRAME_ANCESTORS: optionalText.transform((v, ctx) => {
    const origins = (v ?? '').split(/[\s,]+/).map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
    for (const origin of origins) {
      if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
        ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://app.example.com` });
      }
    }
    return origins;
  }),
  /** Webhook URLs may be http and reach loopback/private addresses (local receivers); unset: true in dev only. */
  ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS: optionalText.pipe(z.stringbool().optional()),
  ONRAMP_OAUTH_RETURN_URLS: optionalText.transform((v, ctx) => {
    const list = (v ?? '').split(',').map((u) => u.trim()).filter(Boolean);
    for (const url of list) {
      if (!URL.canParse(url)) ctx.addIssue({ code: 'custom', message: `"${url}" is not an absolute URL` });
    }
    return list;
  }),
});

/** `ONRAMP_OAUTH_<SLUG>_CLIENT_ID` / `_CLIENT_SECRET` pairs, keyed by the slug's env form. */
function oauthClientsFrom(env: NodeJS.ProcessEnv, issues: string[]): Record<string, OAuthClientCredentials> {
  const clients: Record<string, OAuthClientCredentials> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^ONRAMP_OAUTH_([A-Z0-9_]+)_CLIENT_ID$/.exec(name);
    if (!match?.[1] || !value) continue;
    const secret = env[`ONRAMP_OAUTH_${match[1]}_CLIENT_SECRET`];
    if (!secret) {
      issues.push(`ONRAMP_OAUTH_${match[1]}_CLIENT_SECRET: required when ${name} is set`);
      continue;
    }
    clients[match[1]] = { clientId: value, clientSecret: secret };
  }
  return clients;
}

/** `ONRAMP_ENDPOINT_<SLUG>_<NAME>` overrides, as given; the provider registry matches them. */
function endpointOverridesFrom(env: NodeJS.ProcessEnv, issues: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('ONRAMP_ENDPOINT_') || !value) continue;
    if (!URL.canParse(value)) issues.push(`${name}: must be an absolute URL (got "${value}")`);
    else overrides[name] = value.replace(/\/$/, '');
  }
  return overrides;
}

/** The Temporal dev server's Web UI (`temporal server start-dev`). */
export const DEFAULT_TEMPORAL_UI_URL = 'http://127.0.0.1:8233';

export interface Config {
  databaseUrl: string | undefined;
  temporal: TemporalSettings;
  taskQueue: string;
  api: { host: string; port: number; publicUrl: string; requestsPerMinute: number; sessionRequestsPerMinute: number; trustProxy: number | string[] | undefined };
  /** Where the worker's probes and metrics listen; undefined when turned off (port 0). */
  workerServer: { host: string; port: number } | undefined;
  /** Where traces go (OTLP over HTTP); undefined: tracing off. */
  otlpEndpoint: string | undefined;
  worker: WorkerTuning;
  dataDir: string;
  /** The dev stack's restarts in a row of a dead embedded part (ONRAMP_DEV_RESTARTS). */
  devRestarts: number;
  apiKeys: ApiKey[];
  /** Seals new secrets; with the previous keys, opens old ones. */
  credentialsKey: Buffer;
  previousCredentialsKeys: Buffer[];
  /** Temporal UI origins allowed to call /codec from a browser. */
  codecCorsOrigins: string[];
  /** The browser pages: origins that may frame the Connect page (none: it cannot be framed). */
  connect: { frameAncestors: string[] };
  /** The support console: session lifetime, and the Temporal UI it links to. */
  console: ConsoleConfig;
  /** Connect sessions (api/connect-sessions.ts): how long a link handed to an end user works. */
  connectSessions: { ttlMs: number };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  onboarding: OnboardingTimeouts;
  sync: { failuresBeforeError: number };
  /** The vendor call log's bounds per connection; 500 calls and 30 days when absent. */
  callLog?: { maxCalls: number; maxAgeMs: number };
  oauth: {
    /** Keyed by envSlug(provider slug). */
    clients: Record<string, OAuthClientCredentials>;
    /** Prefixes a `returnUrl` must start with; empty means no redirect after the callback. */
    returnUrls: string[];
  };
  endpointOverrides: Record<string, string>;
  webhooks: WebhookUrlPolicy;
}

export interface LoadOptions {
  /** Dev mode may generate missing secrets into the data dir; elsewhere they are required. */
  dev: boolean;
}

/**
 * Reads the whole configuration from the environment, once, at an entry point.
 * Everything else receives the resulting object.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadOptions): Config {
  const parsed = envSchema.safeParse(env);
  const missing: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const got = env[name];
        const shown = got === undefined || isSecretVariable(name) ? '' : ` (got "${got}")`;
        return `${name}: ${issue.message}${shown}`;
      });
  const oauthClients = oauthClientsFrom(env, missing);
  const endpointOverrides = endpointOverridesFrom(env, missing);
  if (!parsed.success) throw new ConfigError(missing);
  const e = parsed.data;
  const dataDir = resolve(e.ONRAMP_DATA_DIR);
  if ((e.TEMPORAL_TLS_CERT_PATH === undefined) !== (e.TEMPORAL_TLS_KEY_PATH === undefined)) {
    missing.push('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH: set both or neither');
  }

  let apiKeys = e.ONRAMP_API_KEYS;
  let key = e.ONRAMP_CREDENTIALS_KEY;
  if (options.dev && (apiKeys === undefined || key === undefined)) {
    const secrets = loadOrCreateDevSecrets(dataDir);
    // A client key for the API and a support key for the console.
    apiKeys ??= [
      { key: secrets.apiKey, tenant: 'dev', role: 'client' },
      { key: secrets.supportKey, tenant: '*', role: 'support' },
    ];
    key ??= Buffer.from(secrets.credentialsKey, 'base64');
  }
  if (apiKeys === undefined || apiKeys.length === 0) {
    missing.push('ONRAMP_API_KEYS: required outside dev mode, e.g. "<key>:<tenant>:client,<key>:*:support"');
  }
  if (key === undefined) {
    missing.push('ONRAMP_CREDENTIALS_KEY: required outside dev mode; generate one with: openssl rand -base64 32');
  }
  if (missing.length > 0 || apiKeys === undefined || key === undefined) throw new ConfigError(missing);

  return {
    databaseUrl: e.DATABASE_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      apiKey: e.TEMPORAL_API_KEY,
      tls:
        e.TEMPORAL_TLS_CERT_PATH && e.TEMPORAL_TLS_KEY_PATH
          ? { certPath: e.TEMPORAL_TLS_CERT_PATH, keyPath: e.TEMPORAL_TLS_KEY_PATH }
          : undefined,
    },
    taskQueue: e.ONRAMP_TASK_QUEUE,
    api: {
      host: e.ONRAMP_API_HOST,
      port: e.ONRAMP_API_PORT,
      requestsPerMinute: e.ONRAMP_RATE_LIMIT_PER_MINUTE,
      sessionRequestsPerMinute: e.ONRAMP_SESSION_RATE_LIMIT_PER_MINUTE,
      trustProxy: e.ONRAMP_TRUST_PROXY,
      publicUrl: (e.ONRAMP_PUBLIC_URL ?? `http://127.0.0.1:${e.ONRAMP_API_PORT}`).replace(/\/$/, ''),
    },
    workerServer: e.ONRAMP_WORKER_METRICS_PORT === 0 ? undefined : { host: e.ONRAMP_WORKER_METRICS_HOST, port: e.ONRAMP_WORKER_METRICS_PORT },
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    worker: {
      workflowTaskSlots: e.ONRAMP_WORKER_WORKFLOW_TASK_SLOTS,
      activityTaskSlots: e.ONRAMP_WORKER_ACTIVITY_TASK_SLOTS,
      maxPollers: e.ONRAMP_WORKER_MAX_POLLERS,
      cachedWorkflows: e.ONRAMP_WORKER_CACHED_WORKFLOWS,
    },
    dataDir,
    devRestarts: e.ONRAMP_DEV_RESTARTS,
    apiKeys,
    credentialsKey: key,
    previousCredentialsKeys: e.ONRAMP_PREVIOUS_CREDENTIALS_KEYS,
    codecCorsOrigins: e.ONRAMP_CODEC_CORS_ORIGINS,
    connect: { frameAncestors: e.ONRAMP_CONNECT_FRAME_ANCESTORS },
    console: {
      sessionTtlMs: e.ONRAMP_CONSOLE_SESSION_TTL,
      temporalUiUrl: (e.ONRAMP_TEMPORAL_UI_URL ?? DEFAULT_TEMPORAL_UI_URL).replace(/\/$/, ''),
      temporalNamespace: e.TEMPORAL_NAMESPACE,
      waitingAttentionMs: e.ONRAMP_WAITING_ATTENTION_AFTER,
    },
    connectSessions: { ttlMs: e.ONRAMP_CONNECT_SESSION_TTL },
    logLevel: e.LOG_LEVEL,
    onboarding: {
      authorizationMs: e.ONRAMP_ONBOARDING_AUTHORIZATION_TIMEOUT,
      configMs: e.ONRAMP_ONBOARDING_CONFIG_TIMEOUT,
      failedWaitMs: e.ONRAMP_ONBOARDING_FAILED_WAIT,
    },
    sync: { failuresBeforeError: e.ONRAMP_SYNC_FAILURES_BEFORE_ERROR },
    callLog: { maxCalls: e.ONRAMP_CALL_LOG_MAX_CALLS, maxAgeMs: e.ONRAMP_CALL_LOG_MAX_AGE },
    oauth: { clients: oauthClients, returnUrls: e.ONRAMP_OAUTH_RETURN_URLS },
    endpointOverrides,
    webhooks: { allowPrivateUrls: e.ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS ?? options.dev },
  };
}

function isSecretVariable(name: string): boolean {
  return /KEY|SECRET|PASSWORD|TOKEN|DATABASE_URL/.test(name);
}

function redactKey(value: string): string {
  return value.length <= 4 ? '****' : `${value.slice(0, 4)}…`;
}

const devSecretsSchema = z.object({
  apiKey: z.string().min(16),
  credentialsKey: z.string(),
  // Added with the support console: data dirs from before it get one on their next start.
  supportKey: z.string().min(16).optional(),
});
type DevSecrets = Required<z.infer<typeof devSecretsSchema>>;

const newDevKey = () => `dev_${randomBytes(24).toString('base64url')}`;

/** Dev secrets live in the data dir (mode 0600) so a restart keeps working with the same keys. */
function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  const stored = existsSync(file) ? devSecretsSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
  if (stored?.supportKey) return { ...stored, supportKey: stored.supportKey };
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    apiKey: stored?.apiKey ?? newDevKey(),
    credentialsKey: stored?.credentialsKey ?? randomBytes(32).toString('base64'),
    supportKey: newDevKey(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
