import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../domain/connection.js';
import { builtInProviders, createProviderRegistry } from '../../providers/registry.js';
import { choosePort } from '../../platform/ports.js';
import { launchBrowser, screenshot, watchPage } from '../helpers/browser.js';
import { choose, expectAccessible, expectPlainWords } from '../helpers/connect-page.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { startCloudflareReplica, type CloudflareReplica } from '../replicas/cloudflare-server.js';
import { startGoogleAnalyticsReplica, type GaReplica } from '../replicas/google-analytics-server.js';
import { startNinjaOneReplica, type NinjaReplica } from '../replicas/ninjaone-server.js';
import { startOAuthReplica, type OAuthReplica } from '../replicas/oauth-server.js';
import { startPayPalReplica, type PayPalReplica } from '../replicas/paypal-server.js';

const key = 'connect-recovery-key-0000001';
const gaClient = { clientId: '1234-onramp.apps.googleusercontent.com', clientSecret: 'GOCSPX-replica-secret-01' };

/**
 * The Connect page never leaves a person without the next step: every failure offers the action
 * that fixes it, on the step it belongs to (issue 22), against replicas of the real vendors.
 */
describe('the Connect page recovers from every failure on the step it belongs to (real Chromium, replicas)', () => {
  let stack: TestStack;
  let oauth: OAuthReplica;
  let ga: GaReplica;
  let cloudflare: CloudflareReplica;
  let paypal: PayPalReplica;
  let ninja: NinjaReplica;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const port = await choosePort();
    oauth = await startOAuthReplica({
      ...gaClient,
      clientAuth: 'client_secret_post',
      redirectUri: `http://127.0.0.1:${port}/v1/oauth/callback`,
      scopes: ['https://www.googleapis.com/auth/analytics.readonly'],
    });
    const days = () => new Map([[new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), { sessions: 120, keyEvents: 6, totalRevenue: 1234.5 }]]);
    ga = await startGoogleAnalyticsReplica({
      userinfoUrl: oauth.userinfoUrl,
      accounts: [
        {
          id: '100',
          displayName: 'Acme Corp',
          properties: [
            { id: '1001', displayName: 'acme.example (web)', currencyCode: 'EUR', days: days() },
            { id: '1002', displayName: 'Acme app', days: days() },
          ],
        },
      ],
    });
    ga.deniedProperties.add('1002');
    cloudflare = await startCloudflareReplica();
    cloudflare.tokens.set('good-user-token', {});
    // Analytics Read for one zone only: a token scoped to the zones it reports on.
    cloudflare.tokens.set('one-zone-token', { analyticsZones: [cloudflare.zones[1]!.id] });
    paypal = await startPayPalReplica({ clients: [{ clientId: 'AZ-shop-app', clientSecret: 'EL-shop-secret', transactionSearch: false }] });
    ninja = await startNinjaOneReplica();
    ninja.clients.set('ninja-app', { secret: 'ninja-right-secret', scopes: ['monitoring'] });
    const providers = createProviderRegistry(builtInProviders, {
      endpointOverrides: {
        ONRAMP_ENDPOINT_CLOUDFLARE_API: cloudflare.url,
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_AUTHORIZE: oauth.authorizeUrl,
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_TOKEN: oauth.tokenUrl,
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_DATA: ga.url,
        ONRAMP_ENDPOINT_GOOGLE_ANALYTICS_ADMIN: ga.url,
        ONRAMP_ENDPOINT_PAYPAL_SANDBOX: paypal.url,
        ONRAMP_ENDPOINT_NINJAONE_US: ninja.url,
      },
    });
    stack = await startTestStack({
      port,
      providers,
      config: () => ({ apiKeys: [{ key, tenant: 'acme', role: 'client' }], oauth: { clients: { GOOGLE_ANALYTICS: gaClient }, returnUrls: [] } }),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await stack?.close();
    await Promise.all([oauth?.close(), ga?.close(), cloudflare?.close(), paypal?.close(), ninja?.close()]);
  });

  const api = <T = ConnectionView>(path: string, init?: RequestInit) => stack.api<T>(key, path, init);
  async function openPage(allowedIntegrations: string[]): Promise<{ page: Page; context: BrowserContext; seen: ReturnType<typeof watchPage> }> {
    const res = await api<{ url: string }>('/v1/connect/sessions', { method: 'POST', body: JSON.stringify({ allowedIntegrations }) });
    expect(res.status).toBe(201);
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(res.body.url);
    return { page, context, seen };
  }
  const latest = async (integration: string) => (await api<{ items: ConnectionView[] }>(`/v1/connections?integration=${integration}`)).body.items[0]!;
  /** The step shown as failed, by its words (not only its colour). */
  const failedStep = (page: Page) => page.locator('.steps li.failed');
  /** Expected 4xx answers the page shows as words (a refused discovery, a field error). */
  const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400|409|502)/.test(e));

  it('GA4: a property the account may not read offers the property list again; another one connects', async () => {
    const { page, context, seen } = await openPage(['google-analytics']);
    const popup = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in with Google Analytics 4' }).click();
    await popup;
    await choose(page, 'Acme app');
    await page.getByRole('button', { name: 'Save and test' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toContain('may not read this Google Analytics property');
    expect(await failedStep(page).textContent()).toMatch(/needs attention/);
    // The way out: the discovered properties again, by name.
    await page.getByRole('radio', { name: /acme\.example \(web\)/ }).waitFor({ timeout: 60_000 });
    await expectPlainWords(page);
    await expectAccessible(page, 'GA4 property refused');
    await screenshot(page, 'connect-recovery-ga4-wrong-property');
    await choose(page, 'acme.example (web)');
    await page.getByRole('button', { name: 'Save and test again' }).click();
    await page.getByRole('heading', { name: 'Google Analytics 4 is connected' }).waitFor({ timeout: 60_000 });
    expect(await latest('google-analytics')).toMatchObject({ status: 'active', config: { propertyId: '1001' } });
    expect(unexpected(seen.errors)).toEqual([]);
  });

  it('Cloudflare: a rejected API token stays on the Connect step with the token field, never on the zone step', async () => {
    const { page, seen } = await openPage(['cloudflare']);
    await page.getByLabel('API token').fill('made-up-token');
    await page.getByRole('button', { name: 'Connect' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toContain('Cloudflare did not accept this API token');
    expect(await failedStep(page).textContent()).toMatch(/^.\s*Connect/);
    expect(await page.getByRole('radio').count()).toBe(0); // no zone to make up
    await expectPlainWords(page);
    await expectAccessible(page, 'Cloudflare token refused');
    await screenshot(page, 'connect-recovery-cloudflare-bad-token');

    await page.getByLabel('API token').fill('good-user-token');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await choose(page, cloudflare.zones[2]!.name);
    expect(await failedStep(page).count()).toBe(0);
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.getByRole('heading', { name: 'Cloudflare is connected' }).waitFor({ timeout: 60_000 });
    expect(await latest('cloudflare')).toMatchObject({ status: 'active', config: { zoneId: cloudflare.zones[2]!.id } });
    expect(unexpected(seen.errors)).toEqual([]);
  });

  it('Cloudflare: a zone the token may not read offers the zone list again; another zone connects', async () => {
    const { page, seen } = await openPage(['cloudflare']);
    await page.getByLabel('API token').fill('one-zone-token');
    await page.getByRole('button', { name: 'Connect' }).click();
    await choose(page, cloudflare.zones[0]!.name);
    await page.getByRole('button', { name: 'Save and test' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toContain('may not read the analytics of the site you chose');
    await page.getByRole('radio', { name: new RegExp(cloudflare.zones[1]!.name) }).waitFor({ timeout: 60_000 });
    await expectPlainWords(page);
    await expectAccessible(page, 'Cloudflare zone refused');
    await screenshot(page, 'connect-recovery-cloudflare-wrong-zone');
    await choose(page, cloudflare.zones[1]!.name);
    await page.getByRole('button', { name: 'Save and test again' }).click();
    await page.getByRole('heading', { name: 'Cloudflare is connected' }).waitFor({ timeout: 60_000 });
    expect(await latest('cloudflare')).toMatchObject({ status: 'active', config: { zoneId: cloudflare.zones[1]!.id } });
    expect(unexpected(seen.errors)).toEqual([]);
  });

  it('PayPal: a permission missing at PayPal says what to change there, and "Try again" needs no retyping', async () => {
    const { page, seen } = await openPage(['paypal']);
    await page.getByLabel('Client ID').fill('AZ-shop-app');
    await page.getByLabel('Secret').fill('EL-shop-secret');
    await page.getByLabel('Environment').selectOption('sandbox');
    await page.getByRole('button', { name: 'Connect' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toContain('tick “Transaction Search”');
    expect(await page.locator('form#credentials').count()).toBe(0);
    await expectPlainWords(page);
    await expectAccessible(page, 'PayPal permission missing');
    await screenshot(page, 'connect-recovery-paypal-permission');
    // Fixed at PayPal: the same app may now search transactions.
    paypal.addClient({ clientId: 'AZ-shop-app', clientSecret: 'EL-shop-secret', transactionSearch: true });
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'PayPal is connected' }).waitFor({ timeout: 60_000 });
    expect(unexpected(seen.errors)).toEqual([]);
  });

  it('NinjaOne: rejected credentials come back as the form with the client ID and region kept and the secret saved; then, once looked up, the organization is asked before the test', async () => {
    const { page, seen } = await openPage(['ninjaone']);
    await page.getByLabel('Client ID').fill('ninja-app');
    await page.getByLabel('Client secret').fill('ninja-wrong-secret');
    await page.getByLabel('Region').selectOption('US');
    await page.getByRole('button', { name: 'Connect' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toContain('NinjaOne did not accept this client ID and secret');
    expect(await page.getByLabel('Client ID').inputValue()).toBe('ninja-app');
    expect(await page.getByLabel('Region').inputValue()).toBe('US');
    await page.getByRole('button', { name: 'Replace the saved client secret' }).waitFor();
    await expectPlainWords(page);
    await expectAccessible(page, 'NinjaOne credentials refused');
    await screenshot(page, 'connect-recovery-ninjaone-rejected');
    await page.getByRole('button', { name: 'Replace the saved client secret' }).click();
    await page.getByLabel('Client secret').fill('ninja-right-secret');
    // NinjaOne answers the organization list slowly: the page says it is looking meanwhile.
    const held = ninja.holdOrganizations();
    try {
      await page.getByRole('button', { name: /^Save and (continue|test again)$/ }).click();
      await held.arrived;
      await page.getByRole('status').filter({ hasText: 'Looking up your organization…' }).waitFor({ timeout: 60_000 });
      await expectPlainWords(page);
      await expectAccessible(page, 'NinjaOne organizations loading');
      await screenshot(page, 'connect-recovery-ninjaone-looking-up');
    } finally {
      held.release();
    }

    // The optional organization is the person's choice, asked before the test, "All organizations" the default.
    await page.getByRole('heading', { name: 'Choose what NinjaOne should report on' }).waitFor({ timeout: 60_000 });
    await page.getByRole('radio', { name: 'Acme Branch' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('radio', { name: 'All organizations' }).isChecked()).toBe(true);
    const id = (await latest('ninjaone')).id;
    expect((await api(`/v1/connections/${id}`)).body).toMatchObject({ status: 'configuring', onboarding: { step: 'configure', state: 'waiting', attempts: 0 } });
    await expectPlainWords(page);
    await expectAccessible(page, 'NinjaOne organization to choose');
    await screenshot(page, 'connect-recovery-ninjaone-organization');
    await choose(page, 'Acme Branch');
    await page.getByRole('button', { name: 'Save and test' }).click();
    await page.getByRole('heading', { name: 'NinjaOne is connected' }).waitFor({ timeout: 60_000 });
    await page.getByText('Organization: Acme Branch').waitFor();
    // Connected: nothing left to change from this link.
    expect(await page.getByRole('button', { name: /Change/ }).count()).toBe(0);
    expect((await api(`/v1/connections/${id}`)).body.config).toEqual({ organizationId: '2' });
    await expectAccessible(page, 'NinjaOne complete with its organization');
    await screenshot(page, 'connect-recovery-ninjaone-complete');
    expect(unexpected(seen.errors)).toEqual([]);
  });

  it('every provider\'s form: labels and help in plain words, and errors that say what to enter', async () => {
    const forms: { slug: string; fields: string[]; said: string[] }[] = [
      { slug: 'demo', fields: ['API key'], said: ['Enter your API key'] },
      { slug: 'cloudflare', fields: ['API token'], said: ['Enter your API token'] },
      { slug: 'paypal', fields: ['Client ID', 'Secret', 'Environment', 'Currency'], said: ['Enter your client ID', 'Enter your secret', 'Choose your environment'] },
      { slug: 'ninjaone', fields: ['Client ID', 'Client secret', 'Region'], said: ['Enter your client ID', 'Enter your client secret', 'Choose your region'] },
      { slug: 'stripe', fields: ['API key', 'Mode'], said: ['Enter your API key'] },
    ];
    for (const form of forms) {
      const { page } = await openPage([form.slug]);
      for (const field of form.fields) await page.getByLabel(field).first().waitFor();
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      for (const words of form.said) await page.getByText(words, { exact: true }).waitFor();
      await expectPlainWords(page);
      await expectAccessible(page, `${form.slug} form with its errors`);
      await screenshot(page, `connect-form-errors-${form.slug}`);
    }
    // A value the server refuses comes back beside its field in the provider's words.
    const { page } = await openPage(['paypal']);
    expect(await page.getByLabel('Currency').inputValue()).toBe('USD'); // the default, shown
    await page.getByLabel('Client ID').fill('AZ-other-app');
    await page.getByLabel('Secret').fill('EL-other-secret');
    await page.getByLabel('Environment').selectOption('sandbox');
    await page.getByLabel('Currency').fill('eur');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('Enter a three-letter currency code in capitals, e.g. USD or EUR').waitFor();
    expect(await page.getByLabel('Currency').getAttribute('aria-invalid')).toBe('true');
    await expectPlainWords(page);
    // Each field's "where to find this" goes to the vendor's own page.
    expect(await page.getByRole('link', { name: /Where to find this/ }).first().getAttribute('href')).toMatch(/^https:\/\/developer\.paypal\.com\//);
  });
});
