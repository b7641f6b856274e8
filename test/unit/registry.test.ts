import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProvider } from '../../providers/contract.js';
import { createProviderRegistry } from '../../providers/registry.js';

const vendor = defineProvider({
  slug: 'my-vendor',
  name: 'My Vendor',
  category: 'analytics',
  description: 'x',
  authKind: 'api_key',
  configSchema: z.object({}),
  credentialsSchema: z.object({ apiKey: z.string() }),
  endpoints: { api: 'https://api.vendor.example/v2', token_url: 'https://auth.vendor.example/token' },
  history: { days: 365, source: 'x' },
  callRange: { maxDays: 31, source: 'x' },
  kpis: {},
  testConnection: async () => undefined,
  fetchMetrics: async () => [],
});

describe('provider registry', () => {
  it('keeps the vendor URLs unless ONRAMP_ENDPOINT_<SLUG>_<NAME> overrides one', () => {
    const registry = createProviderRegistry([vendor], {
      endpointOverrides: { ONRAMP_ENDPOINT_MY_VENDOR_API: 'http://127.0.0.1:4010' },
    });
    expect(registry.get('my-vendor')?.endpoints).toEqual({
      api: 'http://127.0.0.1:4010',
      token_url: 'https://auth.vendor.example/token',
    });
    expect(createProviderRegistry([vendor]).get('my-vendor')?.endpoints.api).toBe('https://api.vendor.example/v2');
  });

  it('refuses a slug registered twice', () => {
    expect(() => createProviderRegistry([vendor, vendor])).toThrow(/registered twice/);
  });
});
