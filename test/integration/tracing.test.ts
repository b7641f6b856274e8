import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing } from '../../wiring/tracing.js';
import { startCollector, type Collector } from '../helpers/otlp-collector.js';

describe('tracing of outgoing fetches', () => {
  let collector: Collector;
  let server: Server;
  let serverUrl: string;

  beforeAll(async () => {
    collector = await startCollector();
    server = createServer((_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await collector.close();
  });

  it('is off without an endpoint', () => {
    expect(startTracing({ serviceName: 'off', otlpEndpoint: undefined })).toBeUndefined();
  });

  it('records a fetch made inside a span, with secrets in its query censored, and ignores fetches outside any span', async () => {
    const tracing = startTracing({ serviceName: 'fetches', otlpEndpoint: collector.url })!;
    await (await fetch(`${serverUrl}/outside?page=1`)).text();
    await tracing.tracer.startActiveSpan('provider call', async (span) => {
      await (await fetch(`${serverUrl}/inside?api_key=s3cret-value&page=2`)).text();
      span.end();
    });
    await tracing.shutdown(); // flushes the batch

    const names = collector.spans.map((s) => s.name);
    expect(names.sort()).toEqual(['GET', 'provider call']);
    const get = collector.spans.find((s) => s.name === 'GET')!;
    expect(get.parentSpanId).toBe(collector.spans.find((s) => s.name === 'provider call')!.spanId);
    expect(get.attributes['url.full']).toBe(`${serverUrl}/inside?api_key=[redacted]&page=2`);
    expect(JSON.stringify(collector.spans)).not.toContain('s3cret-value');
  });
});
