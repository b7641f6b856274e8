/**
 * `npm run provider:new -- <slug> [--name "Vendor"] [--auth api_key|oauth2|custom] [--endpoint name=url …]`
 *
 * Scaffolds a provider the way README "Adding a provider" describes: `providers/<slug>.ts`, its
 * replica `test/replicas/<slug>-server.ts`, its e2e test `test/e2e/provider-<slug>.e2e.test.ts`,
 * the registry entry and a README provider-table row. What it writes compiles, and its e2e test
 * fails until the adapter, the replica and the expected values are filled in (every place says
 * TODO). Missing answers are asked on the terminal. It never overwrites a file.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';

export type AuthKind = 'api_key' | 'oauth2' | 'custom';
export interface Scaffold {
  slug: string;
  name: string;
  auth: AuthKind;
  endpoints: Record<string, string>;
}

const SLUG = /^[a-z][a-z0-9-]{1,40}$/;
/** `my-vendor` → `myVendor`. */
const camel = (slug: string) => slug.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** `my-vendor` → `MY_VENDOR` (providers/env-slug.ts does the same for endpoint variables). */
const envSlug = (slug: string) => slug.toUpperCase().replace(/-/g, '_');

function providerFile(s: Scaffold): string {
  const credentials =
    s.auth === 'oauth2'
      ? 'oauthTokensSchema'
      : s.auth === 'api_key'
        ? `z.object({
  apiKey: z
    .string({ error: 'Enter your ${s.name} API key' })
    .min(1, 'Enter your ${s.name} API key')
    .meta({ title: 'API key', description: 'TODO: where in ${s.name} the user creates a read-only key.', writeOnly: true }),
})`
        : `z.object({
  // TODO: the fields ${s.name} needs (client id, secret, region…); secrets with writeOnly.
  clientId: z.string().min(1, 'Enter the client ID').meta({ title: 'Client ID' }),
  clientSecret: z.string().min(1, 'Enter the client secret').meta({ title: 'Client secret', writeOnly: true }),
})`;
  const endpoints = Object.entries(s.endpoints)
    .map(([k, v]) => `    ${/^[a-z][a-zA-Z0-9]*$/.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)},`)
    .join('\n');
  return `/**
 * \`${s.slug}\`: ${s.name}. TODO: what it reads, in one line.
 *
 * Calls (cite the vendor's documentation or spec for each): TODO.
 * KPI mapping: TODO: each KPI or metric, how it is derived, per which period.
 * Quirks honoured: TODO (pagination, rate limits and their headers, time zones, minor units…).
 * Where the docs are silent (interpreted here): TODO.
 */
import { z } from 'zod';
import { defineProvider } from './contract.js';
import { ProviderError } from './errors.js';
${s.auth === 'oauth2' ? "import { oauthTokensSchema } from './oauth2.js';\n" : ''}
const config = z.object({});
const credentials = ${credentials};

export const ${camel(s.slug)}Provider = defineProvider({
  slug: '${s.slug}',
  name: '${s.name.replace(/'/g, "\\'")}',
  category: 'finance', // TODO: analytics, infrastructure, finance or rmm
  description: 'TODO: what it brings the tenant, in the words of the catalog.',
  authKind: '${s.auth}',
  configSchema: config,
  credentialsSchema: credentials,
  endpoints: {
${endpoints}
  },${
    s.auth === 'oauth2'
      ? `
  // TODO: the read-only scopes, and how the token endpoint authenticates the client.
  oauth2: { scopes: [], clientAuth: 'client_secret_basic' },`
      : ''
  }
  history: { days: 0, source: 'TODO: how far back the vendor serves data, and where it says so' },
  callRange: { maxDays: 1, source: 'TODO: the most days one request may cover' },
  kpis: {},
  async testConnection() {
    // TODO: the cheapest call that proves the credentials read what a sync reads.
    throw new ProviderError('invalid_config', '${s.slug}: testConnection is not written yet', { hint: 'Fill in providers/${s.slug}.ts.' });
  },
  async fetchMetrics() {
    // TODO: the points of the window, one per KPI or metric and period.
    return [];
  },
});
`;
}

function replicaFile(s: Scaffold): string {
  return `/**
 * A replica of ${s.name}'s API for provider tests, on 127.0.0.1: TODO: each route the provider
 * calls, answering exactly as the vendor documents (status codes, bodies, headers, errors,
 * pagination, rate limits with their headers), seeded with known data.
 */
import { createServer } from 'node:http';
import { serveOnLoopback } from './loopback.js';

export interface ${camel(s.slug)[0]!.toUpperCase() + camel(s.slug).slice(1)}Replica {
  url: string;
  calls: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export async function start${camel(s.slug)[0]!.toUpperCase() + camel(s.slug).slice(1)}Replica() {
  const calls: { method: string; path: string; status: number }[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://replica').pathname;
    // TODO: the vendor's routes. Until then every call is a 404, as an unknown route is.
    calls.push({ method: req.method ?? 'GET', path, status: 404 });
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
  });
  const { url, close } = await serveOnLoopback(server);
  return { url, calls, close };
}
`;
}

function e2eFile(s: Scaffold): string {
  const Name = camel(s.slug)[0]!.toUpperCase() + camel(s.slug).slice(1);
  const firstEndpoint = Object.keys(s.endpoints)[0] ?? 'api';
  return `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { syncHelpers } from '../helpers/sync-helpers.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { start${Name}Replica, type ${Name}Replica } from '../replicas/${s.slug}-server.js';

/**
 * The ${s.name} provider end to end against its replica (scaffolded by provider:new). TODO, as
 * README "Adding a provider" lists: discovery, exact values over ≥ 3 pages, bad credentials with
 * their hint and end-user message, 429 and 5xx, token expiry or rotation.
 */
const key = '${s.slug}-client-key-000000001';

describe('${s.name} provider (replica, real Temporal and Postgres)', () => {
  let replica: ${Name}Replica;
  let stack: TestStack;

  beforeAll(async () => {
    replica = await start${Name}Replica();
    const providers = createProviderRegistry(builtInProviders, { endpointOverrides: { ONRAMP_ENDPOINT_${envSlug(s.slug)}_${envSlug(firstEndpoint)}: replica.url } });
    stack = await startTestStack({ providers, config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }] }) });
  });
  afterAll(async () => {
    await stack?.close();
    await replica?.close();
  });

  it('onboards to active and writes exact values', async () => {
    const created = await stack.api<ConnectionView>(key, '/v1/connections', {
      method: 'POST',
      // TODO: credentials the replica knows.
      body: JSON.stringify({ integration: '${s.slug}', credentials: {}, initialHistoryDays: 2 }),
    });
    expect(created.status).toBe(201);
    const [run] = await syncHelpers(() => stack, key).waitForRuns(created.body.id, 1);
    expect(run!.status).toBe('succeeded');
    // TODO: the exact values the replica's seed gives.
    expect(await syncHelpers(() => stack, key).kpiRows(created.body.id)).toEqual([{ kpi_key: 'TODO', period_start: 'TODO', value: 0, unit: 'TODO' }]);
  });
});
`;
}

/** Writes a new file; refuses to replace one. */
async function create(root: string, path: string, text: string): Promise<string> {
  const full = join(root, path);
  if (existsSync(full)) throw new Error(`${path} exists already: provider:new never overwrites`);
  await mkdir(dirname(full), { recursive: true });
  await writeFile(full, text);
  return path;
}

/** Adds the provider to builtInProviders (import and list entry). */
async function register(root: string, s: Scaffold): Promise<void> {
  const path = join(root, 'providers/registry.ts');
  let text = await readFile(path, 'utf8');
  const imports = [...text.matchAll(/^import .*;$/gm)];
  const last = imports.at(-1)!;
  const at = last.index + last[0].length;
  text = `${text.slice(0, at)}\nimport { ${camel(s.slug)}Provider } from './${s.slug}.js';${text.slice(at)}`;
  text = text.replace(/(export const builtInProviders: ProviderDefinition\[\] = \[[\s\S]*?)(\n\];)/, `$1\n  ${camel(s.slug)}Provider,$2`);
  await writeFile(path, text);
}

/** A README row after the provider table's last one. */
async function readmeRow(root: string, s: Scaffold): Promise<void> {
  const path = join(root, 'README.md');
  const text = await readFile(path, 'utf8');
  const header = text.indexOf('| provider (slug) |');
  if (header < 0) throw new Error('README.md has no provider table ("| provider (slug) |")');
  const end = text.indexOf('\n\n', header);
  const row = `| ${s.name} (\`${s.slug}\`) | ${s.auth === 'oauth2' ? 'OAuth2 + PKCE' : s.auth === 'api_key' ? 'API key' : 'custom'} — TODO | TODO | TODO: each KPI and metric and its derivation | TODO: what the user sets up at ${s.name} |`;
  await writeFile(path, `${text.slice(0, end)}\n${row}${text.slice(end)}`);
}

export async function scaffold(root: string, s: Scaffold): Promise<string[]> {
  if (!SLUG.test(s.slug)) throw new Error(`"${s.slug}" is not a slug: lower case letters, digits and dashes, starting with a letter`);
  if (Object.keys(s.endpoints).length === 0) throw new Error('name at least one endpoint: --endpoint api=https://api.vendor.example');
  for (const url of Object.values(s.endpoints)) if (!/^https?:\/\//.test(url)) throw new Error(`endpoint ${url} is not an http(s) URL`);
  const written = [
    await create(root, `providers/${s.slug}.ts`, providerFile(s)),
    await create(root, `test/replicas/${s.slug}-server.ts`, replicaFile(s)),
    await create(root, `test/e2e/provider-${s.slug}.e2e.test.ts`, e2eFile(s)),
  ];
  await register(root, s);
  await readmeRow(root, s);
  return [...written, 'providers/registry.ts', 'README.md'];
}

async function main(argv: string[]): Promise<void> {
  const [slug, ...rest] = argv;
  if (!slug) throw new Error('usage: npm run provider:new -- <slug> [--name "Vendor"] [--auth api_key|oauth2|custom] [--endpoint name=url …]');
  const endpoints: Record<string, string> = {};
  let name: string | undefined;
  let auth: string | undefined;
  let root = process.cwd();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1] ?? ''];
    if (flag === '--name') name = value;
    else if (flag === '--auth') auth = value;
    else if (flag === '--root') root = value;
    else if (flag === '--endpoint' && value.includes('=')) endpoints[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
    else throw new Error(`unknown argument ${flag}`);
  }
  const asking = !name || !auth || Object.keys(endpoints).length === 0;
  const rl = asking ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  try {
    name ??= (await rl!.question('Vendor name as users know it: ')).trim();
    auth ??= (await rl!.question('Auth kind (api_key, oauth2, custom): ')).trim();
    if (Object.keys(endpoints).length === 0) {
      const answer = (await rl!.question('Endpoints, name=url separated by spaces (OAuth2: also authorize= and token=): ')).trim();
      for (const pair of answer.split(/\s+/).filter(Boolean)) endpoints[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    }
  } finally {
    rl?.close();
  }
  if (!['api_key', 'oauth2', 'custom'].includes(auth)) throw new Error(`auth kind "${auth}": api_key, oauth2 or custom`);
  const written = await scaffold(root, { slug, name: name || slug, auth: auth as AuthKind, endpoints });
  process.stdout.write(`Wrote ${written.join(', ')}.\nNext: fill in every TODO, then npx vitest run test/e2e/provider-${slug}.e2e.test.ts until it passes.\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`provider:new: ${(error as Error).message}\n`);
    process.exit(2);
  });
}
