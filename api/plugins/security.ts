import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { ProblemError } from '../problems.js';

/**
 * Helmet's settings (its defaults: strict CSP, HSTS, nosniff, no framing…), shared by the
 * plugin and securityHeaders() so the two never differ. Untyped on purpose: helmet and
 * @fastify/helmet each declare their own copy of the options type.
 */
const helmetOptions = {} as const;

/**
 * The headers helmet sets, recorded once from its own middleware, for answers written straight
 * to the socket (api/client-errors.ts), where no Fastify hook runs.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(helmetOptions)({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Security headers on every answer, and a request budget answered as a 429 problem with
 * Retry-After. The budget is per verified key id when the key is known (set by the auth plugin's
 * `onRequest` hook, which runs before the limiter's route-level one), otherwise per client
 * address: a made-up key gets no fresh budget, and refused requests count. Health probes opt out
 * (`rateLimit: false`) so that a flood from one address cannot fail them. CORS stays off: no
 * browser origin may call the API unless an operator adds it deliberately.
 */
export const securityPlugin = fp(
  async (app: FastifyInstance, options: { requestsPerMinute: number }) => {
    await app.register(fastifyHelmet, { global: true, ...helmetOptions });
    await app.register(rateLimit, {
      max: options.requestsPerMinute,
      timeWindow: '1 minute',
      keyGenerator: (request) => (request.principal ? `key:${request.principal.keyId}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) =>
        new ProblemError(
          'rate_limited',
          `Too many requests: at most ${context.max} a minute per API key (per address without a known key); retry after ${context.after}.`,
        ),
    });
  },
  { name: 'onramp-security' },
);
