/**
 * `npm run provider:try -- <slug> --from YYYY-MM-DD --to YYYY-MM-DD [--config key=value …]`
 *
 * What a platform engineer runs with a real account (or a replica) before shipping a provider:
 * the provider's connection test, its discovery, and one fetch of the days [from, to], printing
 * the KPIs and metrics a sync would write and every vendor call made. Nothing is written
 * anywhere: no database, no Temporal, no file.
 *
 * Credentials: `ONRAMP_TRY_CREDENTIALS` (JSON), else one variable per field
 * (`ONRAMP_TRY_API_KEY` for `apiKey`), else asked for on the terminal, secret fields without echo.
 * They are never printed or logged: vendor calls are shown as the call log keeps them (path
 * templates, query parameter names only), and the whole report is scrubbed of every credential
 * value before it is printed. Vendor URLs follow `ONRAMP_ENDPOINT_<SLUG>_<NAME>` as everywhere, so
 * `ONRAMP_ENDPOINT_STRIPE_API=http://127.0.0.1:12111` tries a replica or stripe-mock.
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { withCallLog, type ProviderCall } from '../providers/call-log.js';
import { fetchedMetrics, type ConfigOptions, type KpiPoint, type ProviderDefinition } from '../providers/contract.js';
import { ProviderError } from '../providers/errors.js';
import { builtInProviders, createProviderRegistry } from '../providers/registry.js';
import { scrub } from '../providers/scrub.js';

export interface TryStep {
  step: 'test' | 'discover' | 'fetch';
  ok: boolean;
  /** The failure as a sync would record it: kind, message and hint. */
  error?: { kind: string; message: string; hint: string };
}

export interface TryReport {
  steps: TryStep[];
  options: ConfigOptions | null;
  points: KpiPoint[];
  calls: ProviderCall[];
}

const DAY_MS = 86_400_000;

/** Runs test, discovery and one fetch of [from, to] (whole UTC days), stopping at the first failure. */
export async function tryProvider(input: {
  provider: ProviderDefinition;
  from: string;
  to: string;
  config: Record<string, unknown>;
  credentials: Record<string, unknown>;
}): Promise<TryReport> {
  const { provider } = input;
  const config = provider.configSchema.parse(input.config);
  const credentials = provider.credentialsSchema.parse(input.credentials);
  const ctx = { config, credentials, endpoints: provider.endpoints, attempt: 1, signal: undefined };
  const report: TryReport = { steps: [], options: null, points: [], calls: [] };
  const step = async <T>(name: TryStep['step'], run: () => Promise<T>): Promise<T | undefined> => {
    try {
      const result = await withCallLog(report.calls, run);
      report.steps.push({ step: name, ok: true });
      return result;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      report.steps.push({ step: name, ok: false, error: { kind: error.kind, message: error.message, hint: error.hint } });
      return undefined;
    }
  };
  const window = { from: new Date(Date.parse(input.from)).toISOString(), to: new Date(Date.parse(input.to) + DAY_MS).toISOString() };
  await step('test', () => provider.testConnection(ctx));
  if (report.steps.at(-1)?.ok === false) return report;
  if (provider.discover) report.options = (await step('discover', () => provider.discover!(ctx))) ?? null;
  const fetched = await step('fetch', () => provider.fetchMetrics(ctx, window));
  report.points = fetched ? fetchedMetrics(fetched).points : [];
  return report;
}

/** The report as a person reads it, with every credential value scrubbed out. */
export function formatReport(provider: ProviderDefinition, report: TryReport, secrets: string[]): string {
  const lines: string[] = [`${provider.name} (${provider.slug}): nothing is written anywhere.`, ''];
  for (const s of report.steps) {
    lines.push(s.ok ? `✓ ${s.step}` : `✗ ${s.step}: ${s.error!.kind}: ${s.error!.message}`);
    if (!s.ok) lines.push(`  what to do: ${s.error!.hint}`);
  }
  if (report.options) {
    lines.push('', 'Discovery offers:');
    for (const [field, choices] of Object.entries(report.options)) lines.push(`  ${field}: ${choices.map((c) => `${c.value} (${c.label})`).join(', ') || 'nothing'}`);
  }
  lines.push('', `KPIs and metrics a sync would write (${report.points.length}):`);
  for (const p of [...report.points].sort((a, b) => a.period.localeCompare(b.period) || a.key.localeCompare(b.key))) {
    lines.push(`  ${p.period} ${p.granularity ?? provider.granularity ?? 'day'}  ${p.key} = ${p.value} ${p.unit}`);
  }
  lines.push('', `Vendor calls (${report.calls.length}):`);
  for (const c of report.calls) {
    const query = c.queryKeys.length > 0 ? `?${c.queryKeys.join('&')}` : '';
    const extra = [c.errorCode, c.errorMessage, c.retryAfterMs !== null ? `Retry-After ${c.retryAfterMs} ms` : null].filter(Boolean).join(' ');
    lines.push(`  ${c.method} ${c.host}${c.path}${query} → ${c.status ?? 'no answer'} in ${Math.round(c.durationMs)} ms${extra ? ` (${extra})` : ''}`);
  }
  return scrub(lines.join('\n'), secrets.filter((s) => s.length >= 4));
}

/** `apiKey` → ONRAMP_TRY_API_KEY. */
export const envNameOf = (field: string) => `ONRAMP_TRY_${field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;

/** Reads one line from the terminal; without echo for a secret. */
async function ask(question: string, secret: boolean): Promise<string> {
  if (!process.stdin.isTTY) throw new Error(`${question.trim()} is needed: set it in the environment (no terminal to ask on)`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  if (secret) {
    // Nothing typed is echoed: readline writes through this, and we write only the question.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
  }
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    if (secret) process.stdout.write('\n');
    rl.close();
  }
}

/** Credentials from ONRAMP_TRY_CREDENTIALS, per-field variables, or the terminal. */
async function credentialsFor(provider: ProviderDefinition, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  if (env.ONRAMP_TRY_CREDENTIALS) return JSON.parse(env.ONRAMP_TRY_CREDENTIALS) as Record<string, unknown>;
  const schema = z.toJSONSchema(provider.credentialsSchema, { io: 'input' }) as { properties?: Record<string, { writeOnly?: boolean; title?: string }> };
  const values: Record<string, unknown> = {};
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    values[field] = env[envNameOf(field)] ?? (await ask(`${property.title ?? field} (${envNameOf(field)}): `, property.writeOnly === true));
  }
  return values;
}

function parseArgs(argv: string[]): { slug: string; from: string; to: string; config: Record<string, string> } {
  const [slug, ...rest] = argv;
  const config: Record<string, string> = {};
  let from: string | undefined;
  let to: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = rest[i + 1];
    if (arg === '--from' || arg === '--to') {
      if (arg === '--from') from = value;
      else to = value;
      i++;
    } else if (arg === '--config' && value?.includes('=')) {
      config[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
      i++;
    } else throw new Error(`unknown argument ${arg}`);
  }
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!slug || !from || !to || !day.test(from) || !day.test(to) || from > to) {
    throw new Error('usage: npm run provider:try -- <slug> --from YYYY-MM-DD --to YYYY-MM-DD [--config key=value …]');
  }
  return { slug, from, to, config };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const args = parseArgs(argv);
  const overrides = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('ONRAMP_ENDPOINT_') && e[1] !== undefined));
  const provider = createProviderRegistry(builtInProviders, { endpointOverrides: overrides }).get(args.slug);
  if (!provider) throw new Error(`no provider "${args.slug}"; there are ${builtInProviders.map((p) => p.slug).join(', ')}`);
  const config = env.ONRAMP_TRY_CONFIG ? { ...(JSON.parse(env.ONRAMP_TRY_CONFIG) as Record<string, unknown>), ...args.config } : args.config;
  const credentials = await credentialsFor(provider, env);
  const secrets = Object.values(credentials).filter((v): v is string => typeof v === 'string');
  const report = await tryProvider({ provider, from: args.from, to: args.to, config, credentials });
  process.stdout.write(`${formatReport(provider, report, secrets)}\n`);
  return report.steps.every((s) => s.ok) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      // Validation errors name fields, never values; nothing else reaches here with a secret.
      process.stderr.write(`provider:try: ${error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message}\n`);
      process.exit(2);
    },
  );
}
