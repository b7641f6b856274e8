import type { RouteOptions } from 'fastify';

/** Methods whose body Fastify parses (by content type) even when the route declares none. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The problem answers a route can give whatever its handler does, derived from how the app
 * treats it (auth plugin, validation, rate limit, error handler) so that no route has to list
 * them and none can forget one.
 */
export function sharedProblemStatuses(route: Pick<RouteOptions, 'config' | 'schema'> & { method?: RouteOptions['method'] }): Record<number, string> {
  const config = route.config ?? {};
  const schema = route.schema ?? {};
  const takesInput = Boolean(schema.params || schema.querystring || schema.body || schema.headers);
  const statuses: Record<number, string> = {};
  if (takesInput) statuses[400] = 'Invalid request: `errors` names each field';
  if (!config.public) statuses[401] = 'Missing or unknown API key';
  if (config.clientOnly || config.supportOnly) statuses[403] = 'Not allowed for this API key\'s role';
  else if (config.connectSession && [route.method ?? []].flat().some((m) => BODY_METHODS.has(m))) {
    statuses[403] = 'A Connect session whose connection is active can no longer change it';
  }
  if (schema.params) statuses[404] = 'Not found, or not visible to this API key';
  if (schema.body) {
    statuses[413] = 'The body is larger than the API accepts';
    statuses[415] = 'The body is not application/json';
  } else if ([route.method ?? []].flat().some((m) => BODY_METHODS.has(m))) {
    // Fastify reads a body sent with these methods whatever the route expects.
    statuses[413] = 'A body was sent, larger than the API accepts (this operation takes none)';
    statuses[415] = 'A body was sent that is not application/json (this operation takes none: send no body)';
  }
  // Probes opt out of the rate limit (`rateLimit: false`); everything else can be limited.
  if (config.rateLimit !== false) statuses[429] = 'Too many requests; retry after the Retry-After header';
  statuses[500] = 'Internal error; quote the request id to support';
  statuses[503] = 'A dependency (Postgres, Temporal) is unavailable';
  return statuses;
}

/** Headers that come with a problem status wherever it is answered (rate limit, outages). */
export const problemHeaders: Record<number, Record<string, { type: 'integer'; description: string }>> = {
  429: { 'retry-after': { type: 'integer', description: 'Seconds until the budget allows another request' } },
  503: { 'retry-after': { type: 'integer', description: 'Seconds to wait before trying again' } },
};
