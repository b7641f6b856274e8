import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../test/helpers/browser.js';
import { pair, percentile, type Pair } from '../pair.js';
import type { BenchStack } from '../stack.js';

/** First contentful paint of a fresh tab (no cache) loading `url`, as Chromium reports it. */
async function firstPaintMs(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('h1').first().waitFor();
    // The entry is reported a frame after the paint; wait for it rather than read too early.
    const paint = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, { timeout: 10_000 });
    return (await paint.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

/**
 * Issue 13's budget (first paint under 1 s on the embedded stack): each page's median first
 * contentful paint in a real Chromium, beside a page holding only a heading (the browser's floor).
 */
export async function measurePages(stack: BenchStack, loads: number): Promise<Pair[]> {
  const browser = await launchBrowser();
  try {
    const median = async (url: string) => {
      const samples: number[] = [];
      for (let i = 0; i < loads; i++) samples.push(await firstPaintMs(browser, url));
      return percentile(samples, 0.5);
    };
    const floor = await median('data:text/html,<!doctype html><title>floor</title><h1>Connect an integration</h1>');
    const pairs: Pair[] = [];
    for (const page of ['connect', 'console']) {
      pairs.push(pair(`/${page} first contentful paint, median of ${loads} (budget 1,000 ms)`, 'ms', 'lower', await median(`${stack.apiUrl}/${page}`), floor));
    }
    return pairs;
  } finally {
    await browser.close();
  }
}
