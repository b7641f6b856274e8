import type { FastifyInstance } from 'fastify';
import Router, { type HTTPMethod } from 'find-my-way';

/**
 * The methods each route path answers to, collected as routes are added, so that a request for
 * a known path with another method gets 405 and an `Allow` header (RFC 9110 §15.5.6) instead of
 * a 404 that says the path does not exist. Call before the routes are registered.
 */
export function collectRouteMethods(app: FastifyInstance): (path: string) => string[] {
  const router = Router();
  const methods = new Set<HTTPMethod>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat() as HTTPMethod[]) {
      methods.add(method);
      router.on(method, route.url, () => undefined);
    }
  });
  return (path) => [...methods].filter((method) => router.find(method, path) !== null).sort();
}
