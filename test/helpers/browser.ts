import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/**
 * What axe-core finds critical or serious on the page as it stands (WCAG rules: names, roles,
 * contrast, labels…), one line each. Evaluated over the DevTools protocol, which the page's CSP
 * does not govern, so the page is checked under the CSP it ships with.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
