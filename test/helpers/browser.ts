import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';

/**
 * A real Chromium for the page tests, with no system packages: @sparticuz/chromium carries the
 * binary inside the npm package (unpacked to the temp folder on first use), driven by
 * playwright-core. One browser per test file; each test takes a fresh context (no shared cookies).
 */
export async function launchBrowser(): Promise<Browser> {
  // Its --single-process suits a serverless function, not tests: closing one context there ends the browser.
  const args = chromium.args.filter((arg) => arg !== '--single-process');
  return playwright.launch({ executablePath: await chromium.executablePath(), args, headless: true });
}

/** Screenshots are test artifacts (git-ignored), for a person looking at a run. */
export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Collects what would betray a broken page: uncaught errors, console errors (a CSP violation is
 * one) and dialogs (an injected `alert` would open one).
 */
export function watchPage(page: Page): { errors: string[]; dialogs: string[] } {
  const seen = { errors: [] as string[], dialogs: [] as string[] };
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}
