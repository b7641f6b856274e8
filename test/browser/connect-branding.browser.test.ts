import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, watchPage } from '../helpers/browser.js';
import { expectAccessible } from '../helpers/connect-page.js';
import { choosePort } from '../../platform/ports.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const hostKey = 'connect-brand-acme-key-00001';
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32" viewBox="0 0 96 32"><rect width="96" height="32" rx="6" fill="#222"/></svg>';

/**
 * The Connect page wearing a host product's branding (issue 23): its name, logo and colour, its
 * name in the OAuth wording; and the catalog's search, logos and monograms.
 */
describe('the Connect page with a host product\'s branding and a searchable catalog, in a real Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let logoServer: Server;
  let hostOrigin: string;
  const logoRequests: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // The host product's own site: the logo is served from there, an origin Onramp already knows as the host's.
    const port = await choosePort();
    hostOrigin = `http://127.0.0.1:${port}`;
    logoServer = createServer((request, response) => {
      logoRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/svg+xml' }).end(LOGO);
    });
    await new Promise<void>((resolve) => logoServer.listen(port, '127.0.0.1', resolve));
    stack = await startTestStack({
      worker: false,
      config: () => ({
        apiKeys: [{ key: hostKey, tenant: 'acme', role: 'client' }],
        oauth: { clients: {}, returnUrls: [`${hostOrigin}/integrations`] },
      }),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await stack?.close();
    await new Promise((resolve) => logoServer?.close(resolve));
  });

  async function openSession(body: Record<string, unknown>): Promise<string> {
    const res = await stack.api<{ url: string }>(hostKey, '/v1/connect/sessions', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.url;
  }
  async function openPage(url: string): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Choose what to connect' }).waitFor();
    return { page, seen };
  }
  const cardNames = (page: Page) => page.locator('.card h3').allTextContents();
  /** [background, text] colour as the browser paints them. */
  const coloursOf = (element: Locator) =>
    element.evaluate((e) => {
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string; color: string } }).getComputedStyle(e);
      return [style.backgroundColor, style.color];
    });

  it('shows the host\'s logo, name and colour, and names the host in the OAuth wording instead of Onramp', async () => {
    const logoUrl = `${hostOrigin}/brand/logo.svg`;
    const url = await openSession({ allowedIntegrations: ['google-analytics', 'demo'], branding: { productName: 'Acme Books', logoUrl, accentColor: '#ffd400' } });
    const { page, seen } = await openPage(url);

    await expect.poll(() => page.locator('.brand-name').textContent()).toBe('Acme Books');
    const logo = page.locator('img.brand-logo');
    expect(await logo.getAttribute('src')).toBe(logoUrl);
    // Loaded, so the page's Content-Security-Policy let it in.
    await expect.poll(() => logo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(96);
    expect(logoRequests).toContain('/brand/logo.svg');
    expect(await page.title()).toBe('Connect an integration · Acme Books');
    // A pale yellow accent: the buttons take it, with black text (white would fail WCAG AA on it).
    const connect = page.getByRole('button', { name: 'Connect Google Analytics 4' });
    expect(await coloursOf(connect)).toEqual(['rgb(255, 212, 0)', 'rgb(0, 0, 0)']);
    await expectAccessible(page, 'catalog, branded with a pale accent');
    await screenshot(page, 'connect-branding-catalog');

    await connect.click();
    await page.getByRole('heading', { name: 'Connect Google Analytics 4' }).waitFor();
    await page.getByText('You will sign in to Google Analytics 4 to let Acme Books read your Google Analytics 4 data.').waitFor();
    expect(await page.locator('main').innerText()).not.toContain('Onramp');
    await expectAccessible(page, 'OAuth sign-in, branded');
    await screenshot(page, 'connect-branding-oauth');
    expect(seen.errors).toEqual([]); // a logo or style the CSP refused would be a console error
  });

  it('speaks as Onramp without branding', async () => {
    const { page } = await openPage(await openSession({ allowedIntegrations: ['google-analytics', 'demo'] }));
    expect(await page.locator('.brand').count()).toBe(0);
    await page.getByRole('button', { name: 'Connect Google Analytics 4' }).click();
    await page.getByText('You will sign in to Google Analytics 4 to let Onramp read your Google Analytics 4 data.').waitFor();
  });

  it('narrows the catalog as the person types: by name, by category, by the KPIs it feeds', async () => {
    const { page, seen } = await openPage(await openSession({}));
    expect(await cardNames(page)).toEqual(['Demo', 'Google Analytics 4', 'Cloudflare', 'PayPal', 'NinjaOne', 'Stripe', 'Xero']);
    const search = page.getByLabel('Search by name, category or what it reports');
    await search.fill('cloud');
    await expect.poll(() => cardNames(page)).toEqual(['Cloudflare']);
    await search.fill('finance');
    await expect.poll(() => cardNames(page)).toEqual(['PayPal', 'Stripe', 'Xero']);
    await search.fill('uptime');
    await expect.poll(() => cardNames(page)).toEqual(['NinjaOne']);
    await search.fill('website traffic');
    await expect.poll(() => cardNames(page)).toEqual(['Demo', 'Google Analytics 4', 'Cloudflare']);
    expect(await page.getByRole('status').filter({ hasText: '3 of 7 integrations shown.' }).count()).toBe(1);
    await expectAccessible(page, 'catalog, searched');

    await search.fill('zzz');
    await page.getByText('Nothing matches “zzz”').waitFor();
    await expectAccessible(page, 'catalog, nothing matches');
    await page.getByRole('button', { name: 'show all integrations' }).click();
    await expect.poll(() => cardNames(page)).toHaveLength(7);
    expect(seen.errors).toEqual([]);
  });

  it('shows the catalog\'s logo where one is set and a monogram (initials on the slug\'s colour) where none is', async () => {
    const { page, seen } = await openPage(await openSession({ allowedIntegrations: ['demo', 'cloudflare', 'google-analytics'] }));
    const card = (name: string) => page.locator('.card').filter({ has: page.getByRole('heading', { name, exact: true }) });
    const demoLogo = card('Demo').locator('img.logo');
    expect(await demoLogo.getAttribute('src')).toMatch(/^data:image\/svg\+xml,/);
    await expect.poll(() => demoLogo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await card('Cloudflare').locator('img').count()).toBe(0);
    expect(await card('Cloudflare').locator('.monogram').textContent()).toBe('C');
    expect(await card('Google Analytics 4').locator('.monogram').textContent()).toBe('GA');
    const colours = (name: string) => coloursOf(card(name).locator('.monogram'));
    const [cloudflare, analytics] = [await colours('Cloudflare'), await colours('Google Analytics 4')];
    expect(cloudflare[1]).toBe('rgb(255, 255, 255)');
    expect(cloudflare[0]).not.toBe('rgba(0, 0, 0, 0)'); // its colour was applied (the CSP lets the page set styles through the CSSOM)
    expect(cloudflare[0]).not.toBe(analytics[0]);
    await expectAccessible(page, 'catalog with logos and monograms');
    await screenshot(page, 'connect-catalog-monograms');
    expect(seen.errors).toEqual([]);
  });
});
