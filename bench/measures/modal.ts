import type { Browser, Frame, Page } from 'playwright-core';
import { createOnrampClient } from '../../client/index.js';
import { buildExampleHost, PAGE_PATH } from '../../examples/integrations/host.js';
import { launchBrowser } from '../../test/helpers/browser.js';
import { pair, percentile, type Pair } from '../pair.js';
import type { BenchStack } from '../stack.js';

/** The host page's floor: a button that opens a frame holding only a heading (no network, no script in the frame). */
const FLOOR_HOST = `data:text/html,${encodeURIComponent(
  "<!doctype html><title>floor</title><h1>Integrations</h1><button id=b>Connect Demo</button><script>b.onclick=()=>{const f=document.createElement('iframe');f.srcdoc='<h1>Connect an integration</h1>';document.body.append(f)}</script>",
)}`;

/** The first contentful paint of a frame, from its own start (when the SDK set its address), as Chromium reports it. */
async function framePaintMs(frame: Frame): Promise<number> {
  const paint = await frame.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, { timeout: 30_000 });
  return (await paint.jsonValue()) as number;
}

/** A fresh tab (no cache) on `hostUrl`: click "Connect Demo", and time the modal's frame to its first paint. */
async function modalPaintMs(browser: Browser, hostUrl: string, isModal: (frame: Frame) => boolean): Promise<number> {
  const context = await browser.newContext();
  try {
    const page: Page = await context.newPage();
    await page.goto(hostUrl);
    await page.getByRole('button', { name: 'Connect Demo', exact: true }).click();
    const frame = await new Promise<Frame>((resolve) => {
      const found = page.frames().find(isModal);
      if (found) return resolve(found);
      page.on('framenavigated', (f) => isModal(f) && resolve(f));
    });
    return await framePaintMs(frame);
  } finally {
    await context.close();
  }
}

/**
 * Issue 23: the embed SDK's modal (examples/integrations opening the Connect page through
 * /connect.js), median first contentful paint of its frame, from the moment the SDK opens it;
 * beside a page that opens a frame holding only a heading (the browser's floor).
 */
export async function measureModal(stack: BenchStack, loads: number): Promise<Pair> {
  const host = await buildExampleHost({
    onramp: createOnrampClient({ baseUrl: stack.apiUrl, apiKey: stack.clientKey }),
    publicUrl: stack.exampleHostUrl,
    onrampUrl: stack.apiUrl,
    endUser: { id: 'bench-user', displayName: 'Bench' },
  });
  await host.listen({ host: '127.0.0.1', port: Number(new URL(stack.exampleHostUrl).port) });
  const browser = await launchBrowser();
  try {
    const median = async (url: string, isModal: (frame: Frame) => boolean) => {
      const samples: number[] = [];
      for (let i = 0; i < loads; i++) samples.push(await modalPaintMs(browser, url, isModal));
      return percentile(samples, 0.5);
    };
    const floor = await median(FLOOR_HOST, (f) => f.url() === 'about:srcdoc');
    const modal = await median(`${stack.exampleHostUrl}${PAGE_PATH}`, (f) => f.url().startsWith(`${stack.apiUrl}/connect`));
    return pair(`SDK modal (example host, /connect.js) first contentful paint of the Connect page's frame, median of ${loads}`, 'ms', 'lower', modal, floor);
  } finally {
    await browser.close();
    await host.close();
  }
}
