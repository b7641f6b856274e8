import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../platform/public-address.js';
import { createWebhookSender, RESPONSE_EXCERPT_BYTES } from '../../platform/webhook-sender.js';
import { embeddingNonPublic } from '../helpers/embedded-ipv4.js';

/** A local receiver: the sender's production mode must refuse it, dev mode reach it. */
describe('the webhook sender', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      if (req.url === '/moved') res.writeHead(301, { location: 'http://127.0.0.1/elsewhere' }).end();
      else if (req.url === '/big') res.writeHead(200).end('x'.repeat(100_000));
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2_000);
      else res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const message = (url: string) => ({ url, id: 'evt_1', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], at: new Date() });

  it('in production refuses loopback, private and metadata addresses, by name or literal, before connecting', async () => {
    const sender = createWebhookSender({ allowPrivateUrls: false });
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`, 'http://169.254.169.254/latest', 'http://[::1]:1/', 'http://10.1.2.3/']) {
      const sent = await sender.send(message(url));
      expect(sent, url).toMatchObject({ outcome: 'failed', statusCode: null });
      expect(sent.error, url).toMatch(/not a public address.*ONRAMP_WEBHOOKS_ALLOW_PRIVATE_URLS=true/);
    }
    expect(hits).toBe(0);
    await sender.close();
  });

  it('in production refuses IPv6 spellings that embed a non-public IPv4 address, before connecting', async () => {
    const sender = createWebhookSender({ allowPrivateUrls: false });
    const before = hits;
    for (const [spelling, why] of embeddingNonPublic) {
      const url = `http://[${spelling}]:${port}/`;
      const sent = await sender.send(message(url));
      expect(sent, url).toMatchObject({ outcome: 'failed', statusCode: null });
      expect(sent.error, url).toMatch(why);
      expect(sent.error, url).toMatch(/not a public address/);
    }
    expect(hits).toBe(before);
    await sender.close();
  });

  it('with private URLs allowed reaches a local receiver, follows no redirect, keeps 1 KB of the answer, times out', async () => {
    const sender = createWebhookSender({ allowPrivateUrls: true, timeoutMs: 500 });
    expect(await sender.send(message(`http://127.0.0.1:${port}/`))).toEqual({ outcome: 'delivered', statusCode: 204, error: null, excerpt: '' });
    const moved = await sender.send(message(`http://127.0.0.1:${port}/moved`));
    expect(moved).toMatchObject({ outcome: 'failed', statusCode: 301 });
    expect(moved.error).toMatch(/redirects are not followed; register the final URL/);
    const big = await sender.send(message(`http://127.0.0.1:${port}/big`));
    expect(big.excerpt).toHaveLength(RESPONSE_EXCERPT_BYTES);
    const slow = await sender.send(message(`http://127.0.0.1:${port}/slow`));
    expect(slow).toMatchObject({ outcome: 'failed', statusCode: null });
    expect(slow.error).toMatch(/no answer within 0.5 s/);
    await sender.close();
  });

  it('tells public addresses from the rest', () => {
    expect(['93.184.216.34', '2606:4700::1111', '8.8.8.8'].map(isPublicAddress)).toEqual([true, true, true]);
    expect(['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '0.0.0.0'].map(isPublicAddress)).toEqual(
      Array(11).fill(false),
    );
  });
});
