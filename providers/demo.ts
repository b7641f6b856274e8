/**
 * `demo`: a provider with no network, for trying Onramp and for tests.
 *
 * - Credentials `{ apiKey }`. A key starting with `invalid` fails the connection test as an
 *   authentication error (not retried). A key `flaky-N` fails the first N tries of every call
 *   with a transient error, which Temporal retries.
 * - Metrics are synthetic but deterministic: the same site and day always give the same values,
 *   so a window synced twice writes identical rows.
 *
 * KPI mapping: `website_traffic` = visits per day; `conversion_rate` = orders ÷ visits × 100;
 * `revenue` = order value per day in USD.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineProvider, type ProviderCallContext } from './contract.js';
import { ProviderError } from './errors.js';
import { daysInWindow } from '../domain/periods.js';

const config = z.object({
  site: z.string().trim().min(1).max(200).optional().meta({ title: 'Site name', description: 'A name for the made-up site; another name gives other numbers.' }),
});
const credentials = z.object({
  apiKey: z
    .string({ error: 'Enter an API key' })
    .min(1, 'Enter an API key')
    .max(500, 'Enter at most 500 characters')
    .meta({
      title: 'API key',
      description: 'Any value works: one starting with “invalid” is refused, “flaky-N” fails N tries first.',
      writeOnly: true,
    }),
});

type DemoContext = ProviderCallContext<z.infer<typeof config>, z.infer<typeof credentials>>;

function failIfFlaky(ctx: DemoContext, call: string): void {
  const match = /^flaky-(\d+)$/.exec(ctx.credentials.apiKey);
  if (match && ctx.attempt <= Number(match[1])) {
    throw new ProviderError('provider_unavailable', `demo ${call}: simulated outage (try ${ctx.attempt})`, {
      hint: 'Transient; Onramp retries it on its own.',
    });
  }
}

/** A stable number in [min, max) from the inputs: no randomness, so replays and retries agree. */
function synthetic(seed: string, min: number, max: number): number {
  const n = createHash('sha256').update(seed).digest().readUInt32BE(0);
  return min + (n / 0x1_0000_0000) * (max - min);
}

/** Onramp's own drawing (three rising bars), inline so the catalog needs no file of its own. */
const DEMO_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#13795b"/><path fill="#fff" d="M7 22h4v4H7zM14 15h4v11h-4zM21 8h4v18h-4z"/></svg>',
)}`;

export const demoProvider = defineProvider({
  slug: 'demo',
  name: 'Demo',
  category: 'demo',
  description: 'Synthetic website metrics with no network access, for trying Onramp out.',
  logoUrl: DEMO_LOGO,
  authKind: 'api_key',
  configSchema: config,
  credentialsSchema: credentials,
  endpoints: {},
  history: { days: 1095, source: 'synthetic data: three years, like the longest real vendor (PayPal)' },
  callRange: { maxDays: 365, source: 'synthetic data computed in-process: a year per call costs about a millisecond' },
  kpis: {
    website_traffic: 'visits per day',
    conversion_rate: 'orders ÷ visits × 100',
    revenue: 'order value per day, USD',
  },
  async testConnection(ctx) {
    if (ctx.credentials.apiKey.startsWith('invalid')) {
      throw new ProviderError('auth_failed', 'The demo API rejected the API key.', {
        hint: 'Send a valid API key with PUT /v1/connections/{id}/credentials, then retry.',
        userMessage: 'The demo service did not accept this API key. Enter any key that does not start with “invalid”.',
      });
    }
    failIfFlaky(ctx, 'testConnection');
  },
  async fetchMetrics(ctx, window) {
    failIfFlaky(ctx, 'fetchMetrics');
    const site = ctx.config.site ?? 'demo';
    return daysInWindow(window).flatMap((period) => {
      const visits = Math.round(synthetic(`${site}|${period}|visits`, 500, 1500));
      const orders = Math.round(visits * synthetic(`${site}|${period}|rate`, 0.01, 0.05));
      const revenue = Math.round(orders * synthetic(`${site}|${period}|basket`, 20, 80) * 100) / 100;
      return [
        { key: 'website_traffic' as const, period, value: visits, unit: 'count' },
        { key: 'conversion_rate' as const, period, value: Math.round((orders / visits) * 10000) / 100, unit: 'percent' },
        { key: 'revenue' as const, period, value: revenue, unit: 'USD' },
      ];
    });
  },
});
