import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { identifyConnectSession, isSessionToken, sessionRefusals } from '../connect-sessions.js';
import type { ApiKey, Principal } from '../principal.js';
import { notFound, ProblemError } from '../problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /** Why a presented Connect session token was refused (expired, used up…), told to the page. */
    sessionRefusal?: string;
  }
  interface FastifyContextConfig {
    /** Routes open without an API key (health, docs, the OAuth redirect). */
    public?: boolean;
    /**
     * Routes that act as the tenant (create, credentials, config, delete…): client keys only.
     * Support may list, read, retry, pause, resume and sync now, across tenants.
     */
    clientOnly?: boolean;
    /** Operator tools (the Temporal UI's codec endpoint): support keys only. */
    supportOnly?: boolean;
    /**
     * Routes a Connect session token may use, and only on its own connection (`:id`); every
     * other route refuses it. Deny by default like the rest.
     */
    connectSession?: boolean;
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The configured keys, kept as hashes only; the console's sign-in identifies keys the same way. */
export function keyRing(apiKeys: ApiKey[]) {
  // Comparing hashes in constant time hides key prefixes.
  const known = apiKeys.map((k) => ({
    hash: digest(k.key),
    principal: { keyId: digest(k.key).toString('hex').slice(0, 12), tenantId: k.tenant, role: k.role, ...(k.label ? { label: k.label } : {}) } satisfies Principal,
  }));
  return {
    identify(token: string): Principal | undefined {
      const presented = digest(token);
      let found: Principal | undefined;
      for (const entry of known) {
        if (timingSafeEqual(entry.hash, presented)) found = entry.principal;
      }
      return found;
    },
    /** A key still configured, by its id: a console session dies with the key that opened it. */
    byKeyId: (keyId: string): Principal | undefined => known.find((entry) => entry.principal.keyId === keyId)?.principal,
  };
}

/** The tenant whose rows a principal may see; null means every tenant (support). */
export function visibleTenant(principal: Principal): string | null {
  return principal.role === 'support' ? null : principal.tenantId;
}

/** The key in an `Authorization: Bearer <key>` header, or null when there is none. */
function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * Authentication is deny by default and decided from the matched route, never from the URL
 * string (the router decodes `%76%31`, the URL does not): every route needs a key unless it is
 * declared `public: true`. A request that matches no route gets its 404 either way.
 *
 * Two steps, so that refusals are rate limited too: `onRequest` only identifies the key (the
 * limiter, a route-level `onRequest` hook that runs after every global one, then counts it under
 * the key id or, for a missing or unknown key, the client address), and `preParsing` refuses,
 * before a refused request's body is read.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { apiKeys: ApiKey[]; db: Kysely<Database> }) => {
    const { identify } = keyRing(options.apiKeys);

    app.addHook('onRoute', (route) => {
      const { public: open, supportOnly, clientOnly } = route.config ?? {};
      if ((open && (supportOnly || clientOnly)) || (supportOnly && clientOnly)) {
        throw new Error(`route ${route.method} ${route.url}: public, supportOnly and clientOnly exclude each other`);
      }
    });

    app.decorateRequest('principal', null as unknown as Principal);
    app.decorateRequest('sessionRefusal', undefined);
    app.addHook('onRequest', async (request) => {
      const token = bearerToken(request.headers.authorization);
      if (!token) return;
      // Only routes that accept sessions pay for the lookup; anywhere else the token is refused as unknown.
      if (isSessionToken(token) && request.routeOptions.config.connectSession) {
        const found = await identifyConnectSession(options.db, token, new Date());
        if ('principal' in found) request.principal = found.principal;
        else request.sessionRefusal = found.refused;
        return;
      }
      const principal = identify(token);
      if (principal) request.principal = principal;
    });
    app.addHook('preParsing', async (request, _reply, payload) => {
      const config = request.routeOptions.config;
      if (request.is404 || config.public) return payload;
      if (!request.principal) {
        if (request.sessionRefusal) throw new ProblemError('unauthorized', request.sessionRefusal);
        const token = bearerToken(request.headers.authorization);
        if (token && isSessionToken(token)) throw new ProblemError('unauthorized', sessionRefusals.outOfScope);
        throw token
          ? new ProblemError('unauthorized', 'The API key is not known; check ONRAMP_API_KEYS or ask for a key.')
          : new ProblemError('unauthorized', 'Send an API key as "Authorization: Bearer <key>".');
      }
      const session = request.principal.connectSession;
      if (session) {
        // Its own connection only: any other id is as absent as another tenant's.
        const id = (request.params as { id?: string } | undefined)?.id;
        if (id !== undefined && id !== session.connectionId) throw notFound('connection');
        // Read-only once its connection is active: it may follow it, not change its credentials or
        // config, create, retry or reauthorize (the tenant's key still may).
        if (session.connectionActive && !READ_METHODS.has(request.method)) {
          throw new ProblemError('forbidden', sessionRefusals.readOnly);
        }
      }
      if (config.supportOnly && request.principal.role !== 'support') {
        throw new ProblemError('forbidden', 'Only support keys may use this.');
      }
      if (config.clientOnly && request.principal.role === 'support') {
        throw new ProblemError('forbidden', 'Support keys cannot do this: it acts as the tenant. Use a client key of that tenant.');
      }
      return payload;
    });
  },
  { name: 'onramp-auth' },
);
