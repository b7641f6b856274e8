import type { ProviderDefinition } from './contract.js';
import { envSlug } from './env-slug.js';
import { cloudflareProvider } from './cloudflare.js';
import { demoProvider } from './demo.js';
import { googleAnalyticsProvider } from './google-analytics.js';
import { ninjaoneProvider } from './ninjaone.js';
import { paypalProvider } from './paypal.js';
import { stripeProvider } from './stripe.js';
import { xeroProvider } from './xero.js';

export interface ProviderRegistry {
  list(): ProviderDefinition[];
  get(slug: string): ProviderDefinition | undefined;
}

/**
 * The providers this process serves, with each endpoint replaced by its
 * `ONRAMP_ENDPOINT_<SLUG>_<NAME>` override when one is configured.
 */
export function createProviderRegistry(
  definitions: ProviderDefinition[],
  options: { endpointOverrides?: Record<string, string> } = {},
): ProviderRegistry {
  const bySlug = new Map<string, ProviderDefinition>();
  for (const definition of definitions) {
    if (bySlug.has(definition.slug)) throw new Error(`provider "${definition.slug}" is registered twice`);
    const endpoints = Object.fromEntries(
      Object.entries(definition.endpoints).map(([name, url]) => [
        name,
        options.endpointOverrides?.[`ONRAMP_ENDPOINT_${envSlug(definition.slug)}_${envSlug(name)}`] ?? url,
      ]),
    );
    bySlug.set(definition.slug, { ...definition, endpoints });
  }
  return {
    list: () => [...bySlug.values()],
    get: (slug) => bySlug.get(slug),
  };
}

/** Every provider Onramp ships; entry points build the registry from this list. */
export const builtInProviders: ProviderDefinition[] = [
  demoProvider,
  googleAnalyticsProvider,
  cloudflareProvider,
  paypalProvider,
  ninjaoneProvider,
  stripeProvider,
  xeroProvider,
];
