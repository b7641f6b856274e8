import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface TemporalUiFront {
  /** Where people open the Temporal UI (and where it calls `/codec`). */
  url: string;
  close(): Promise<void>;
}

/**
 * The Temporal UI and Onramp's `/codec` on one origin. The UI decodes payloads by calling its
 * codec endpoint from the browser; on another origin it sends no cookie unless each person ticks
 * "Include cross-origin credentials" in its settings, which `temporal server start-dev` cannot
 * preset (it passes the UI server only the endpoint). Same-origin, the browser sends the console's
 * session cookie by itself (cookies are per host, not per port), and the API's /codec checks it
 * as it checks any console request. Everything else goes to the UI server unchanged.
 */
export async function startTemporalUiFront(options: { port: number; uiUrl: string; codecEndpoint: string }): Promise<TemporalUiFront> {
  const codec = new URL(options.codecEndpoint);
  const ui = new URL(options.uiUrl);
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    const toCodec = path === '/codec' || path.startsWith('/codec/') || path.startsWith('/codec?');
    const target = toCodec ? new URL(`${codec.pathname}${path.slice('/codec'.length)}`, codec) : new URL(path, ui);
    forward(request, response, target);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function forward(request: IncomingMessage, response: ServerResponse, target: URL): void {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.on('error', () => {
    // The UI server or the API is restarting: the UI retries its calls.
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
    response.end('The Temporal UI or Onramp is not answering right now; try again in a moment.\n');
  });
  request.pipe(upstream);
}
