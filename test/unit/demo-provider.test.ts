import { fetchedMetrics } from '../../providers/contract.js';
import { describe, expect, it } from 'vitest';
import { demoProvider } from '../../providers/demo.js';
import { ProviderError } from '../../providers/errors.js';
import { daysInWindow } from '../../domain/periods.js';

const ctx = (apiKey: string, attempt = 1) => ({ config: { site: 'shop' }, credentials: { apiKey }, attempt, signal: undefined, endpoints: {} });
const window = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-03T12:00:00.000Z' };

describe('periods', () => {
  it('cuts a window into the UTC days it touches, the last one partial', () => {
    expect(daysInWindow(window)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(daysInWindow({ from: '2026-11-01T10:00:00Z', to: '2026-11-02T00:00:00Z' })).toEqual(['2026-11-01']);
  });
});

describe('demo provider', () => {
  it('gives the same values for the same window, three KPIs a day', async () => {
    const first = fetchedMetrics(await demoProvider.fetchMetrics(ctx('k'), window)).points;
    const second = fetchedMetrics(await demoProvider.fetchMetrics(ctx('k'), window)).points;
    expect(second).toEqual(first);
    expect(first).toHaveLength(9);
    expect(new Set(first.map((p) => p.key))).toEqual(new Set(['website_traffic', 'conversion_rate', 'revenue']));
    const other = fetchedMetrics(await demoProvider.fetchMetrics({ ...ctx('k'), config: { site: 'elsewhere' } }, window)).points;
    expect(other).not.toEqual(first);
  });

  it('fails the test as a non-retryable auth error for an "invalid…" key', async () => {
    const error = await demoProvider.testConnection(ctx('invalid-key')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('auth_failed');
    expect((error as ProviderError).hint).toMatch(/credentials/);
  });

  it('fails the first N tries of each call for "flaky-N", then works', async () => {
    await expect(demoProvider.testConnection(ctx('flaky-2', 1))).rejects.toMatchObject({ kind: 'provider_unavailable' });
    await expect(demoProvider.fetchMetrics(ctx('flaky-2', 2), window)).rejects.toMatchObject({ kind: 'provider_unavailable' });
    await expect(demoProvider.testConnection(ctx('flaky-2', 3))).resolves.toBeUndefined();
  });

  it('validates its config and credentials with its schemas', () => {
    expect(demoProvider.credentialsSchema.safeParse({}).success).toBe(false);
    expect(demoProvider.configSchema.safeParse({ site: '' }).success).toBe(false);
    expect(demoProvider.configSchema.safeParse({}).success).toBe(true);
  });
});
