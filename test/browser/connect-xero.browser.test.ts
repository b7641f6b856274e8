import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { choosePort } from '../../platform/ports.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { launchBrowser, screenshot, watchPage } from '../helpers/browser.js';
import { expectAccessible, expectPlainWords } from '../helpers/connect-page.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { acct, ACME, acme, client, scopes, xeroEndpoints } from '../helpers/xero-fixtures.js';
import { startOAuthReplica, type OAuthReplica } from '../replicas/oauth-server.js';
import { startXeroReplica, type XeroReplica } from '../replicas/xero-server.js';

const key = 'connect-xero-key-00000000001';

describe('the Connect page sets up Xero: the organisation, and the marketing accounts as a checklist (real Chromium, replicas)', () => {
  let stack: TestStack;
  let oauth: OAuthReplica;
  let xero: XeroReplica;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await choosePort();
    oauth = await startOAuthReplica({ ...client, clientAuth: 'client_secret_basic', redirectUri: `http://127.0.0.1:${port}/v1/oauth/callback`, scopes, accessTokenTtlSeconds: 1_800 });
    xero = await startXeroReplica({ oauth, organisations: [acme()] });
    stack = await startTestStack({
      port,
      providers: createProviderRegistry(builtInProviders, { endpointOverrides: xeroEndpoints(oauth, xero) }),
      config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }], oauth: { clients: { XERO: client }, returnUrls: [] } }),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await stack?.close();
    await Promise.all([xero?.close(), oauth?.close()]);
  });

  it('offers the expense accounts with the marketing ones ticked; the person unticks one and the connection keeps the rest', async () => {
    const session = await stack.api<{ url: string }>(key, '/v1/connect/sessions', { method: 'POST', body: JSON.stringify({ allowedIntegrations: ['xero'] }) });
    expect(session.status).toBe(201);
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(session.body.url);
    const popup = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in with Xero' }).click();
    await popup;

    const ticked = (name: string) => page.getByRole('checkbox', { name: new RegExp(name) });
    await ticked('Advertising').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('checkbox').count()).toBe(5); // the active expense accounts, not the archived one
    for (const [name, checked] of [['Advertising', true], ['Marketing Events', true], ['Online Ads', true], ['Rent', false], ['Cost of Goods Sold', false]] as const) {
      expect(await ticked(name).isChecked(), name).toBe(checked);
    }
    await expectPlainWords(page);
    await expectAccessible(page, 'Xero configure: organisation and marketing accounts');
    await screenshot(page, 'connect-xero-marketing-accounts');
    // One organisation: its radio, no search box (the one search box on the page is the accounts').
    await page.getByRole('radio', { name: /Acme Ltd/ }).check();
    await ticked('Online Ads').uncheck();
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.getByRole('heading', { name: 'Xero is connected' }).waitFor({ timeout: 60_000 });
    const connection = (await stack.api<{ items: ConnectionView[] }>(key, '/v1/connections?integration=xero')).body.items[0]!;
    expect(connection).toMatchObject({ status: 'active', config: { tenantId: ACME, marketingAccountIds: [acct.advertising, acct.events] } });
    expect(seen.errors).toEqual([]);
  });
});
