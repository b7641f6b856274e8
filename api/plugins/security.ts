import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { hashSessionId } from '../console-session.js';
import type { Principal } from '../principal.js';
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

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public route that takes a key to get in (console sign-in): counted with refused keys, not with the pages. */
    signIn?: boolean;
  }
}

/** Requests a minute: each API key's own; each Connect or console session's own; each address's without either. */
export interface RateLimits {
  requestsPerMinute: number;
  sessionRequestsPerMinute: number;
}

/**
 * Who a request's budget belongs to. A Connect session (an end user's page) and a console
 * session each have their own, small enough for a page, so that no session can drain the budget
 * of the key that created it (or of another session); the key's budget is its own requests'.
 * Without a known key or session, requests count per client address, in two buckets: the pages
 * anyone may open (`public` routes: the Connect and console pages, their assets, the OAuth
 * callback, docs) apart from attempts to get in (a refused key, console sign-in), so a flood of
 * bad keys or sign-ins from an address does not lock its users out of the pages.
 */
function holderOf(request: FastifyRequest, limits: RateLimits): { key: string; max: number; who: string } {
  const principal: Principal | null = request.principal;
  if (principal?.connectSession) return { key: `connect-session:${principal.connectSession.tokenHash}`, max: limits.sessionRequestsPerMinute, who: 'this Connect session' };
  if (principal?.via === 'console-session' && request.consoleSessionId) {
    return { key: `console-session:${hashSessionId(request.consoleSessionId)}`, max: limits.sessionRequestsPerMinute, who: 'this console session' };
  }
  if (principal) return { key: `key:${principal.keyId}`, max: limits.requestsPerMinute, who: 'this API key' };
  const config = request.routeOptions.config;
  const pages = config.public === true && config.signIn !== true;
  return pages
    ? { key: `address:${request.ip}:pages`, max: limits.requestsPerMinute, who: 'pages opened from this address' }
    : { key: `address:${request.ip}`, max: limits.requestsPerMinute, who: 'requests without a known key from this address' };
}

/**
 * Security headers on every answer, and request budgets (holderOf) answered as a 429 problem with
 * Retry-After. The holder is known once the auth and console-session plugins' `onRequest` hooks
 * have run, which is before the limiter's route-level one: a made-up key gets no fresh budget,
 * and refused requests count. Health probes opt out (`rateLimit: false`) so that a flood from
 * one address cannot fail them. The client address is the socket's, or behind a proxy the one
 * the trusted proxies forwarded (ONRAMP_TRUST_PROXY, Fastify's `trustProxy`). CORS stays off: no
 * browser origin may call the API unless an operator adds it deliberately.
 */
export const securityPlugin = fp(
  async (app: FastifyInstance, options: RateLimits) => {
    await app.register(fastifyHelmet, { global: true, ...helmetOptions });
    await app.register(rateLimit, {
      max: (request) => holderOf(request, options).max,
      timeWindow: '1 minute',
      keyGenerator: (request) => holderOf(request, options).key,
      errorResponseBuilder: (request, context) =>
        new ProblemError('rate_limited', `Too many requests: at most ${context.max} a minute for ${holderOf(request, options).who}; retry after ${context.after}.`),
    });
  },
  { name: 'onramp-security' },
);
