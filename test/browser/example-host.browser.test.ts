import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnrampClient } from '../../client/index.js';
import type { ConnectionView } from '../../domain/connection.js';
import { buildExampleHost, EXAMPLE_PRODUCT, PAGE_PATH } from '../../examples/integrations/host.js';
import { choosePort } from '../../platform/ports.js';
import { launchBrowser, screenshot, watchPage } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/temporal.js';

const hostKey = 'example-host-acme-key-000001';
const otherKey = 'example-host-other-key-00002';

/**
 * The example host product (examples/integrations) with Onramp's embed SDK (/connect.js): one
 * host whose origin may frame the Connect page (ONRAMP_CONNECT_FRAME_ANCESTORS), one whose may not.
 */
describe('the example integrations page of a host product, with the embed SDK, in a real Chromium', () => {
  let stack: TestStack;
  const hosts: FastifyInstance[] = [];
  let framedUrl: string;
  let refusedUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [framedPort, refusedPort] = [await choosePort(), await choosePort()];
    framedUrl = `http://127.0.0.1:${framedPort}`;
    refusedUrl = `http://127.0.0.1:${refusedPort}`;
    stack = await startTestStack({
      config: () => ({
        apiKeys: [
          { key: hostKey, tenant: 'acme', role: 'client' },
          { key: otherKey, tenant: 'globex', role: 'client' },
        ],
        oauth: { clients: {}, returnUrls: [`${framedUrl}${PAGE_PATH}`, `${refusedUrl}${PAGE_PATH}`] },
        connect: { frameAncestors: [framedUrl] },
      }),
    });
    for (const [key, url] of [[hostKey, framedUrl], [otherKey, refusedUrl]] as const) {
      const port = Number(new URL(url).port);
      const host = await buildExampleHost({ onramp: createOnrampClient({ baseUrl: stack.baseUrl, apiKey: key }), publicUrl: url, onrampUrl: stack.baseUrl, endUser: { id: 'u-7', displayName: 'Grace' } });
      hosts.push(host);
      await host.listen({ host: '127.0.0.1', port });
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await Promise.all(hosts.map((h) => h.close()));
    await stack?.close();
  });

  async function open(url: string, watch = true): Promise<{ page: Page; context: BrowserContext; seen: ReturnType<typeof watchPage> | undefined }> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const seen = watch ? watchPage(page) : undefined;
    await page.goto(`${url}${PAGE_PATH}`);
    await page.getByRole('heading', { name: 'Available' }).waitFor();
    return { page, context, seen };
  }
  const connections = async (key = hostKey) => (await stack.api<{ items: ConnectionView[] }>(key, '/v1/connections')).body.items;
  const modal = (page: Page) => page.getByRole('dialog', { name: 'Connect an integration' });

  it('connects the demo integration in the SDK\'s modal: success reaches the page, which refreshes its list and says so', async () => {
    const { page, seen } = await open(framedUrl);
    await page.getByText('Nothing connected yet').waitFor();
    await page.getByRole('button', { name: 'Connect Demo', exact: true }).click();
    await modal(page).waitFor();
    const frame = page.frameLocator('iframe[title="Connect an integration"]');
    const key = frame.getByLabel(/api key/i);
    await key.waitFor();
    // The host's branding, its logo from its own origin.
    await frame.locator('.brand-name').filter({ hasText: EXAMPLE_PRODUCT.productName }).waitFor();
    await expect.poll(() => frame.locator('img.brand-logo').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(32);
    await screenshot(page, 'example-host-modal');
    await key.fill('demo-example-key');
    await key.press('Enter');

    await modal(page).waitFor({ state: 'detached', timeout: 60_000 });
    const [connection] = await connections();
    expect(connection).toMatchObject({ status: 'active', integration: 'demo', endUser: { id: 'u-7', displayName: 'Grace' } });
    await page.getByRole('status').filter({ hasText: `${connection!.name} is connected.` }).waitFor();
    const card = page.locator(`[data-connection="${connection!.id}"]`);
    expect(await card.locator('.status').textContent()).toBe('Connected');
    expect(await card.locator('.kpis li').count()).toBeGreaterThan(0);
    expect(page.url()).toBe(`${framedUrl}${PAGE_PATH}`); // the host page never left
    await screenshot(page, 'example-host-connected');
    const state = await (await page.request.get(`${framedUrl}${PAGE_PATH}/api/state`)).text();
    expect(state).not.toContain(hostKey); // the key stays on the host's server
    expect(seen!.errors).toEqual([]);
  });

  it('Cancel inside the Connect page and Escape both reach the host as exit, with the step reached', async () => {
    const { page } = await open(framedUrl);
    await page.getByRole('button', { name: 'Connect Demo', exact: true }).click();
    const frame = page.frameLocator('iframe[title="Connect an integration"]');
    await frame.getByRole('button', { name: 'Cancel' }).click();
    await modal(page).waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Setup was not finished (stopped at connecting)' }).waitFor();

    await page.getByRole('button', { name: 'Connect Demo', exact: true }).click();
    await frame.getByLabel(/api key/i).waitFor();
    await frame.getByLabel(/api key/i).press('Escape');
    await modal(page).waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Setup was not finished (stopped at connecting)' }).waitFor();
  });

  it('ignores a message that does not come from Onramp\'s page, and closes on its × as an exit', async () => {
    const { page } = await open(framedUrl);
    const before = (await connections()).length;
    await page.getByRole('button', { name: 'Connect Demo', exact: true }).click();
    await page.frameLocator('iframe[title="Connect an integration"]').getByLabel(/api key/i).waitFor();
    // The host's own window (another origin than Onramp's) claims a success: the SDK must not believe it.
    await page.evaluate(() =>
      (globalThis as unknown as { postMessage(message: unknown, origin: string): void }).postMessage({ source: 'onramp-connect', type: 'success', connectionId: 'forged', integration: 'demo' }, '*'),
    );
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await modal(page).isVisible()).toBe(true);
    expect(await page.locator('#notice').textContent()).toBe('');
    await page.getByRole('button', { name: 'Close' }).click();
    await modal(page).waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Setup was not finished' }).waitFor();
    expect((await connections()).length).toBe(before);
  });

  it('where Onramp refuses to be framed (origin not in ONRAMP_CONNECT_FRAME_ANCESTORS) it connects in a popup instead', async () => {
    const { page, context } = await open(refusedUrl);
    const popupOpened = context.waitForEvent('page', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Connect Demo', exact: true }).click();
    const popup = await popupOpened;
    const key = popup.getByLabel(/api key/i);
    await key.fill('demo-popup-key');
    await key.press('Enter');
    const [connection] = await connections(otherKey);
    await page.getByRole('status').filter({ hasText: `${connection?.name ?? 'Demo'} is connected.` }).waitFor({ timeout: 60_000 });
    expect((await connections(otherKey))[0]).toMatchObject({ status: 'active' });
    await waitFor('the SDK to close its popup', async () => popup.isClosed());
  });

  it('disconnects a connection after the user confirms, and the list no longer shows it', async () => {
    const { page } = await open(framedUrl, false); // watchPage would dismiss the confirmation
    const [connection] = await connections();
    const card = page.locator(`[data-connection="${connection!.id}"]`);
    await card.waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: /^Disconnect/ }).click();
    await card.waitFor({ state: 'detached' });
    expect((await stack.api<ConnectionView>(hostKey, `/v1/connections/${connection!.id}`)).body.status).toBe('disconnected');
  });
});
