import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOnrampClient } from '../../client/index.js';
import type { ConnectionView } from '../../domain/connection.js';
import { buildExampleHost, PAGE_PATH } from '../../examples/integrations/host.js';
import { choosePort } from '../../platform/ports.js';
import { launchBrowser, screenshot, watchPage } from '../helpers/browser.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const hostKey = 'example-host-acme-key-000001';

describe('the example integrations page of a host product (examples/integrations), in a real Chromium', () => {
  let stack: TestStack;
  let host: FastifyInstance;
  let hostUrl: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    const hostPort = await choosePort();
    hostUrl = `http://127.0.0.1:${hostPort}`;
    stack = await startTestStack({
      config: () => ({ apiKeys: [{ key: hostKey, tenant: 'acme', role: 'client' }], oauth: { clients: {}, returnUrls: [`${hostUrl}${PAGE_PATH}`] } }),
    });
    host = await buildExampleHost({
      onramp: createOnrampClient({ baseUrl: stack.baseUrl, apiKey: hostKey }),
      publicUrl: hostUrl,
      endUser: { id: 'u-7', displayName: 'Grace' },
    });
    await host.listen({ host: '127.0.0.1', port: hostPort });
    browser = await launchBrowser();
    context = await browser.newContext();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await host?.close();
    await stack?.close();
  });

  it('connects the demo integration through a Connect session, then lists it with its first KPIs and says so', async () => {
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(`${hostUrl}${PAGE_PATH}`);
    await page.getByText('Nothing connected yet').waitFor();
    await page.getByRole('button', { name: 'Connect Demo' }).click();

    // Onramp's Connect page, opened with a session the host's server made with its key.
    await page.waitForURL(`${stack.baseUrl}/connect**`);
    const key = page.getByLabel(/api key/i);
    await key.fill('demo-example-key');
    await key.press('Enter');
    const back = page.getByRole('link', { name: /back to the application/i });
    await back.waitFor({ timeout: 60_000 });
    await back.click();

    await page.waitForURL(`${hostUrl}${PAGE_PATH}`);
    const connections = (await stack.api<{ items: ConnectionView[] }>(hostKey, '/v1/connections')).body.items;
    expect(connections).toHaveLength(1);
    const connection = connections[0]!;
    expect(connection).toMatchObject({ status: 'active', integration: 'demo', endUser: { id: 'u-7', displayName: 'Grace' } });
    await page.getByRole('status').filter({ hasText: `${connection.name} is connected.` }).waitFor();
    const card = page.locator(`[data-connection="${connection.id}"]`);
    expect(await card.locator('.status').textContent()).toBe('Connected');
    expect(await card.locator('.kpis li').count()).toBeGreaterThan(0);
    expect(page.url()).toBe(`${hostUrl}${PAGE_PATH}`); // the return parameters are gone from the address
    await screenshot(page, 'example-host-connected');

    // The key stays on the host's server: nothing the browser received carries it.
    const state = await (await page.request.get(`${hostUrl}${PAGE_PATH}/api/state`)).text();
    expect(state).not.toContain(hostKey);
    expect(seen.errors).toEqual([]);
  });

  it('disconnects a connection after the user confirms, and the list no longer shows it', async () => {
    const page = await context.newPage();
    await page.goto(`${hostUrl}${PAGE_PATH}`);
    const [connection] = (await stack.api<{ items: ConnectionView[] }>(hostKey, '/v1/connections')).body.items;
    const card = page.locator(`[data-connection="${connection!.id}"]`);
    await card.waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: /^Disconnect/ }).click();
    await card.waitFor({ state: 'detached' });
    expect((await stack.api<ConnectionView>(hostKey, `/v1/connections/${connection!.id}`)).body.status).toBe('disconnected');
    await page.getByText('Nothing connected yet').waitFor();
  });
});
