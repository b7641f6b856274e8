import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers on every answer, and a request budget per API key (per address for
 * requests without one), answered as a 429 problem with Retry-After. CORS stays off: no
 * browser origin may call the API unless an operator adds it deliberately.
 */
export const securityPlugin = fp(
  async (app: FastifyInstance, options: { requestsPerMinute: number }) => {
    await app.register(helmet, { global: true });
    await app.register(rateLimit, {
      max: options.requestsPerMinute,
      timeWindow: '1 minute',
      // Keyed by a hash of the presented key, so the limiter never holds the key itself.
      keyGenerator: (request) => {
        const header = request.headers.authorization;
        return header ? createHash('sha256').update(header).digest('base64url') : `ip:${request.ip}`;
      },
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`Too many requests: at most ${context.max} a minute per API key; retry after ${context.after}.`), {
          statusCode: 429,
        }),
    });
  },
  { name: 'onramp-security' },
);
