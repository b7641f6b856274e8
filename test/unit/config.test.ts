import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../wiring/config.js';

const key = Buffer.alloc(32, 7).toString('base64');
const prodEnv = { ONRAMP_API_KEYS: 'client-key-0123456789:acme:client', ONRAMP_CREDENTIALS_KEY: key };

function configError(env: NodeJS.ProcessEnv, dev = false): ConfigError {
  try {
    loadConfig(env, { dev });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(prodEnv, { dev: false });
    expect(config.temporal.namespace).toBe('default');
    expect(config.taskQueue).toBe('onramp');
    expect(config.api.port).toBe(3000);
    expect(config.api.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.logLevel).toBe('info');
    expect(config.apiKeys).toEqual([{ key: 'client-key-0123456789', tenant: 'acme', role: 'client' }]);
    expect(config.credentialsKey.length).toBe(32);
  });

  it("serves the worker's probes and metrics on 127.0.0.1:9464 unless told otherwise; port 0 turns them off", () => {
    expect(loadConfig(prodEnv, { dev: false }).workerServer).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ ...prodEnv, ONRAMP_WORKER_METRICS_HOST: '0.0.0.0', ONRAMP_WORKER_METRICS_PORT: '9100' }, { dev: false }).workerServer).toEqual({ host: '0.0.0.0', port: 9100 });
    expect(loadConfig({ ...prodEnv, ONRAMP_WORKER_METRICS_PORT: '0' }, { dev: false }).workerServer).toBeUndefined();
    expect(configError({ ...prodEnv, ONRAMP_WORKER_METRICS_PORT: '70000' }).message).toContain('ONRAMP_WORKER_METRICS_PORT');
  });

  it('exports traces only when an OTLP endpoint is set, and only to an http(s) URL', () => {
    expect(loadConfig(prodEnv, { dev: false }).otlpEndpoint).toBeUndefined();
    expect(loadConfig({ ...prodEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, { dev: false }).otlpEndpoint).toBe('http://collector:4318');
    expect(configError({ ...prodEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }).message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('tunes the worker from the environment, with defaults sized for 1,000 schedules on 2 cores', () => {
    expect(loadConfig(prodEnv, { dev: false }).worker).toEqual({ workflowTaskSlots: 40, activityTaskSlots: 100, maxPollers: 20, cachedWorkflows: 250 });
    const tuned = loadConfig(
      { ...prodEnv, ONRAMP_WORKER_WORKFLOW_TASK_SLOTS: '8', ONRAMP_WORKER_ACTIVITY_TASK_SLOTS: '50', ONRAMP_WORKER_MAX_POLLERS: '4', ONRAMP_WORKER_CACHED_WORKFLOWS: '1000' },
      { dev: false },
    );
    expect(tuned.worker).toEqual({ workflowTaskSlots: 8, activityTaskSlots: 50, maxPollers: 4, cachedWorkflows: 1000 });
    const error = configError({ ...prodEnv, ONRAMP_WORKER_CACHED_WORKFLOWS: 'lots', ONRAMP_WORKER_MAX_POLLERS: '1' });
    expect(error.issues.find((i) => i.startsWith('ONRAMP_WORKER_CACHED_WORKFLOWS'))).toContain('(got "lots")');
    expect(error.issues.find((i) => i.startsWith('ONRAMP_WORKER_MAX_POLLERS'))).toContain('>=2');
  });

  it('allows private webhook URLs in dev only, unless ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS says otherwise', () => {
    expect(loadConfig(prodEnv, { dev: false }).webhooks).toEqual({ allowPrivateUrls: false });
    expect(loadConfig(prodEnv, { dev: true }).webhooks).toEqual({ allowPrivateUrls: true });
    expect(loadConfig({ ...prodEnv, ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' }, { dev: false }).webhooks).toEqual({ allowPrivateUrls: true });
    expect(loadConfig({ ...prodEnv, ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS: 'false' }, { dev: true }).webhooks).toEqual({ allowPrivateUrls: false });
    expect(configError({ ...prodEnv, ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS: 'maybe' }).message).toContain('ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS');
  });

  it('trusts no proxy unless ONRAMP_TRUST_PROXY names a hop count or addresses and CIDRs; sessions have a budget of their own', () => {
    expect(loadConfig(prodEnv, { dev: false }).api).toMatchObject({ trustProxy: undefined, requestsPerMinute: 600, sessionRequestsPerMinute: 120 });
    expect(loadConfig({ ...prodEnv, ONRAMP_TRUST_PROXY: '2' }, { dev: false }).api.trustProxy).toBe(2);
    expect(loadConfig({ ...prodEnv, ONRAMP_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,fd00::/8' }, { dev: false }).api.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    expect(loadConfig({ ...prodEnv, ONRAMP_SESSION_RATE_LIMIT_PER_MINUTE: '30' }, { dev: false }).api.sessionRequestsPerMinute).toBe(30);
    const bad = configError({ ...prodEnv, ONRAMP_TRUST_PROXY: '10.0.0.0/8,proxy.internal' }).message;
    expect(bad).toContain('ONRAMP_TRUST_PROXY');
    expect(bad).toContain('"proxy.internal" is neither an IP address nor a CIDR range');
    expect(configError({ ...prodEnv, ONRAMP_TRUST_PROXY: '0' }).message).toMatch(/ONRAMP_TRUST_PROXY.*hop count is 1 to 10/);
  });

  it('names each bad variable and says why', () => {
    const error = configError({
      ...prodEnv,
      ONRAMP_API_PORT: 'eighty',
      TEMPORAL_ADDRESS: 'no-port',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
    });
    const text = error.message;
    expect(text).toMatch(/ONRAMP_API_PORT: .*\(got "eighty"\)/);
    expect(text).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
    expect(text).toMatch(/DATABASE_URL: /);
    expect(text).toMatch(/LOG_LEVEL: /);
    expect(error.issues).toHaveLength(4);
  });

  it('reads an optional label naming who holds a key (colons allowed), and refuses one over 100 characters', () => {
    const config = loadConfig({ ...prodEnv, ONRAMP_API_KEYS: 'client-key-0123456789:acme:client,support-key-0123456789:*:support:Sam: support desk' }, { dev: false });
    expect(config.apiKeys).toEqual([
      { key: 'client-key-0123456789', tenant: 'acme', role: 'client' },
      { key: 'support-key-0123456789', tenant: '*', role: 'support', label: 'Sam: support desk' },
    ]);
    expect(configError({ ...prodEnv, ONRAMP_API_KEYS: `support-key-0123456789:*:support:${'x'.repeat(101)}` }).message).toMatch(/label .* is longer than 100 characters/);
  });

  it('rejects malformed API keys without echoing the key', () => {
    const error = configError({ ...prodEnv, ONRAMP_API_KEYS: 'secretsecretsecret99:acme:admin,short:acme:client' });
    expect(error.message).toMatch(/ONRAMP_API_KEYS: role "admin" must be "client" or "support"/);
    expect(error.message).toMatch(/shorter than 16 characters/);
    expect(error.message).not.toContain('secretsecretsecret99');
  });

  it('requires a 32-byte credentials key and API keys outside dev', () => {
    expect(configError({ ONRAMP_API_KEYS: prodEnv.ONRAMP_API_KEYS }).message).toMatch(
      /ONRAMP_CREDENTIALS_KEY: required outside dev mode/,
    );
    expect(configError({ ...prodEnv, ONRAMP_CREDENTIALS_KEY: Buffer.alloc(16).toString('base64') }).message).toMatch(
      /ONRAMP_CREDENTIALS_KEY: must be 32 bytes .*got 16 bytes/,
    );
    expect(configError({ ONRAMP_CREDENTIALS_KEY: key }).message).toMatch(/ONRAMP_API_KEYS: required outside dev mode/);
  });

  it('reads onboarding waits as durations, OAuth client pairs and endpoint overrides', () => {
    const config = loadConfig(
      {
        ...prodEnv,
        ONRAMP_ONBOARDING_AUTHORIZATION_TIMEOUT: '15m',
        ONRAMP_ONBOARDING_CONFIG_TIMEOUT: '2d',
        ONRAMP_OAUTH_GOOGLE_ANALYTICS_CLIENT_ID: 'gid',
        ONRAMP_OAUTH_GOOGLE_ANALYTICS_CLIENT_SECRET: 'gsecret',
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_TOKEN: 'http://127.0.0.1:9999/token/',
        ONRAMP_OAUTH_RETURN_URLS: 'https://app.example/onramp/, https://admin.example/',
      },
      { dev: false },
    );
    expect(config.onboarding).toEqual({ authorizationMs: 15 * 60_000, configMs: 2 * 86_400_000, failedWaitMs: 30 * 86_400_000 });
    expect(config.oauth.clients).toEqual({ GOOGLE_ANALYTICS: { clientId: 'gid', clientSecret: 'gsecret' } });
    expect(config.oauth.returnUrls).toEqual(['https://app.example/onramp/', 'https://admin.example/']);
    expect(config.endpointOverrides).toEqual({ ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_TOKEN: 'http://127.0.0.1:9999/token' });

    const error = configError({
      ...prodEnv,
      ONRAMP_ONBOARDING_CONFIG_TIMEOUT: 'soon',
      ONRAMP_OAUTH_X_CLIENT_ID: 'id-without-secret',
      ONRAMP_ENDPOINT_X_API: 'not a url',
    });
    expect(error.message).toMatch(/ONRAMP_ONBOARDING_CONFIG_TIMEOUT: must be a duration/);
    expect(error.message).toMatch(/ONRAMP_OAUTH_X_CLIENT_SECRET: required when ONRAMP_OAUTH_X_CLIENT_ID is set/);
    expect(error.message).toMatch(/ONRAMP_ENDPOINT_X_API: must be an absolute URL/);
  });

  it('in dev, generates keys once into the data dir and reuses them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onramp-config-'));
    const first = loadConfig({ ONRAMP_DATA_DIR: dataDir }, { dev: true });
    const second = loadConfig({ ONRAMP_DATA_DIR: dataDir }, { dev: true });
    expect(first.apiKeys[0]?.key).toMatch(/^dev_/);
    expect(second.apiKeys).toEqual(first.apiKeys);
    expect(second.credentialsKey.equals(first.credentialsKey)).toBe(true);
    const file = join(dataDir, 'dev-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('apiKey', first.apiKeys[0]?.key);
  });

  it('in dev, adds a support key for the console, also to a data dir from before it, keeping the other secrets', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onramp-config-'));
    const file = join(dataDir, 'dev-secrets.json');
    const older = { apiKey: 'dev_older-client-key-0001', credentialsKey: Buffer.alloc(32, 7).toString('base64') };
    writeFileSync(file, JSON.stringify(older), { mode: 0o600 });
    const config = loadConfig({ ONRAMP_DATA_DIR: dataDir }, { dev: true });
    expect(config.apiKeys.map((k) => [k.tenant, k.role])).toEqual([
      ['dev', 'client'],
      ['*', 'support'],
    ]);
    expect(config.apiKeys[0]?.key).toBe(older.apiKey);
    expect(config.credentialsKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.apiKeys[1]?.key).toMatch(/^dev_/);
    expect(loadConfig({ ONRAMP_DATA_DIR: dataDir }, { dev: true }).apiKeys).toEqual(config.apiKeys);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
