import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../helpers/api-app.js';
import { launchBrowser, screenshot, watchPage } from '../helpers/browser.js';

describe('browser pages: shells, assets and their Content-Security-Policy (real Chromium)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    api = await startTestApi({ connect: { frameAncestors: ['https://app.example.com'] } });
    app = api.app;
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  for (const [page, heading] of [
    ['connect', 'Connect an integration'],
    ['console', 'Onramp support console'],
  ] as const) {
    it(`/${page} runs its script under a self-only CSP, with no error`, async () => {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const seen = watchPage(tab);
      const response = await tab.goto(`${base}/${page}`);
      expect(response?.status()).toBe(200);
      const csp = response?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      await expect(tab.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(heading);
      await screenshot(tab, `shell-${page}`);
      expect(seen.errors).toEqual([]);
      await context.close();
    });
  }

  it('lets only the configured origins frame the Connect page, and nobody the console', async () => {
    const connect = await app.inject({ method: 'GET', url: '/connect' });
    expect(connect.headers['content-security-policy']).toContain('frame-ancestors https://app.example.com');
    expect(connect.headers['x-frame-options']).toBeUndefined();
    const console = await app.inject({ method: 'GET', url: '/console' });
    expect(console.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(console.headers['x-frame-options']).toBe('DENY');
  });

  it('serves only the built scripts and styles under /assets, without a key', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/connect.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/assets/sizes.json' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/assets/../package.json' })).statusCode).toBe(404);
  });
});
