import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { threeKeys } from './api-app.js';
import { launchBrowser, watchPage } from './browser.js';
import { startTestStack, type TestStack } from './stack.js';

/** Who holds the console tests' support key (ONRAMP_API_KEYS' label). */
export const SUPPORT_LABEL = 'Sam, support desk';

/** A key's id as the console and the audit trail show it. */
export const keyIdOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

export interface ConsoleTest {
  stack: TestStack;
  browser: Browser;
  /** Two client tenants (acme, globex) and a support key. */
  keys: ReturnType<typeof threeKeys>['keys'];
  supportKeyId: string;
  /** A fresh context signed in with the support key through the API the page uses, on `/console{hash}`. */
  signedIn(hash?: string): Promise<{ context: BrowserContext; page: Page; seen: ReturnType<typeof watchPage> }>;
  close(): Promise<void>;
}

/** The stack (over real HTTP) and a real Chromium for a support console test file. */
export async function startConsoleTest(prefix: string, options: Omit<NonNullable<Parameters<typeof startTestStack>[0]>, 'config'> = {}): Promise<ConsoleTest> {
  const { keys, apiKeys: plain } = threeKeys(prefix);
  // The support key names its holder, as ONRAMP_API_KEYS lets an operator do.
  const apiKeys = plain.map((k) => (k.role === 'support' ? { ...k, label: SUPPORT_LABEL } : k));
  const [stack, browser] = await Promise.all([startTestStack({ ...options, config: () => ({ apiKeys }) }), launchBrowser()]);
  return {
    stack,
    browser,
    keys,
    supportKeyId: keyIdOf(keys.support),
    async signedIn(hash = '#/') {
      const context = await browser.newContext();
      // Cookies land in the context: every page of it is signed in.
      const answer = await context.request.post(`${stack.baseUrl}/v1/console/session`, { data: { key: keys.support } });
      expect(answer.status()).toBe(201);
      const page = await context.newPage();
      const seen = watchPage(page);
      await page.goto(`${stack.baseUrl}/console${hash}`);
      return { context, page, seen };
    },
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}
