/**
 * An example host product's integrations page: the way a product wires Onramp in. Its server part
 * holds the client key and talks to Onramp with the typed client (client/); the browser sees only
 * this server's own small JSON API and the Connect session URLs it hands out, never the key.
 * `npm run dev` serves it on a port of its own (a different origin from Onramp, as in production).
 */
import { readFile } from 'node:fs/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { components, OnrampClient } from '../../client/index.js';

export interface ExampleHostOptions {
  onramp: OnrampClient;
  /** Where this server is reached from the browser, e.g. http://127.0.0.1:3100: the Connect page returns there. */
  publicUrl: string;
  /** Where the browser reaches Onramp: the page loads its embed SDK (/connect.js) from there. */
  onrampUrl: string;
  /** The signed-in user of the host product (an example has one). */
  endUser: { id: string; displayName: string };
}

/** The product's name and colour (its buttons' blue); its logo is served by this server, on its own origin. */
export const EXAMPLE_PRODUCT = { productName: 'Example product', accentColor: '#3b3f9c' };

type Connection = components['schemas']['Connection'];
type KpiValue = components['schemas']['KpiValue'];

export const PAGE_PATH = '/examples/integrations';
const files = new URL('.', import.meta.url);
const connectionIdBody = z.object({ connectionId: z.uuid() });

/** Onramp's answer when it is not the one expected: its problem's title and detail, for the page. */
class OnrampRefused extends Error {
  constructor(readonly status: number, problem: unknown) {
    const p = (problem ?? {}) as { title?: string; detail?: string };
    super([p.title, p.detail].filter(Boolean).join(': ') || `Onramp answered ${status}`);
  }
}
function must<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw new OnrampRefused(answer.response.status, answer.error);
  return answer.data;
}

export async function buildExampleHost(options: ExampleHostOptions): Promise<FastifyInstance> {
  const { onramp } = options;
  const returnUrl = `${options.publicUrl}${PAGE_PATH}`;
  // The Connect page wears the product's branding: Onramp lets it show a logo from this origin,
  // which is among its return URLs (ONRAMP_OAUTH_RETURN_URLS).
  const branding = { ...EXAMPLE_PRODUCT, logoUrl: `${options.publicUrl}${PAGE_PATH}/logo.svg` };
  const app = Fastify({ logger: false });
  const onrampOrigin = new URL(options.onrampUrl).origin;
  const page = (await readFile(new URL('page.html', files), 'utf8')).replaceAll('{{ONRAMP}}', onrampOrigin);
  // The page runs Onramp's SDK and frames its Connect page: both allowed from Onramp's origin only.
  const csp = `default-src 'self'; script-src 'self' ${onrampOrigin}; frame-src ${onrampOrigin}; style-src 'self' 'unsafe-inline'`;
  const script = await readFile(new URL('page.js', files), 'utf8');
  const logo = await readFile(new URL('logo.svg', files), 'utf8');

  app.setErrorHandler((error, _request, reply) => {
    // Onramp's refusal is the page's 502 with Onramp's words; bad input here is a 400 (zod).
    const status = error instanceof OnrampRefused ? 502 : error instanceof z.ZodError ? 400 : 500;
    void reply.status(status).send({ message: status === 500 ? 'Something went wrong on our side.' : (error as Error).message });
  });

  app.get(PAGE_PATH, (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', csp).send(page),
  );
  app.get(`${PAGE_PATH}/page.js`, (_request, reply) => reply.type('text/javascript; charset=utf-8').send(script));
  app.get(`${PAGE_PATH}/logo.svg`, (_request, reply) => reply.type('image/svg+xml').header('cross-origin-resource-policy', 'cross-origin').send(logo));

  /** The tenant's connections with their latest KPIs, and the catalog. */
  app.get(`${PAGE_PATH}/api/state`, async () => {
    const [catalog, connections, kpis] = await Promise.all([
      onramp.GET('/v1/integrations').then(must),
      onramp.GET('/v1/connections', { params: { query: { limit: 100 } } }).then(must),
      onramp.GET('/v1/kpis/latest').then(must),
    ]);
    const byConnection = new Map<string, KpiValue[]>();
    for (const kpi of kpis.items) byConnection.set(kpi.connectionId, [...(byConnection.get(kpi.connectionId) ?? []), kpi]);
    return {
      user: options.endUser,
      catalog: catalog.items.map(({ slug, name, description, category }) => ({ slug, name, description, category })),
      connections: connections.items
        .filter((c: Connection) => c.status !== 'disconnected')
        .map((c: Connection) => ({
          id: c.id,
          name: c.name,
          integration: c.integration,
          status: c.status,
          lastSyncAt: c.sync.lastSyncAt,
          problem: c.onboarding.lastError?.hint ?? c.sync.lastError?.hint ?? null,
          kpis: (byConnection.get(c.id) ?? []).map(({ key, value, unit, period }) => ({ key, value, unit, period })),
        })),
    };
  });

  /** A Connect session for one integration: the page sends the browser to its URL. */
  app.post(`${PAGE_PATH}/api/connect`, async (request) => {
    const { integration } = z.object({ integration: z.string().min(1).max(100) }).parse(request.body);
    const session = must(
      await onramp.POST('/v1/connect/sessions', { body: { allowedIntegrations: [integration], endUser: options.endUser, returnUrl, branding } }),
    );
    return { url: session.url };
  });

  /** A Connect session that fixes or reconnects an existing connection (same id, history kept). */
  app.post(`${PAGE_PATH}/api/reconnect`, async (request) => {
    const { connectionId } = connectionIdBody.parse(request.body);
    const session = must(await onramp.POST('/v1/connect/sessions', { body: { connectionId, returnUrl, branding } }));
    return { url: session.url };
  });

  app.post(`${PAGE_PATH}/api/disconnect`, async (request, reply) => {
    const { connectionId } = connectionIdBody.parse(request.body);
    must(await onramp.DELETE('/v1/connections/{id}', { params: { path: { id: connectionId } } }));
    return reply.status(204).send();
  });

  return app;
}
