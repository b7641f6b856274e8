import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKey, Role } from '../../runtime/config.js';
import { ProblemError } from '../problems.js';

export interface Principal {
  /** A short hash of the key: safe to log and audit, useless to an attacker. */
  keyId: string;
  tenantId: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
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
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The tenant whose rows a principal may see; null means every tenant (support). */
export function visibleTenant(principal: Principal): string | null {
  return principal.role === 'support' ? null : principal.tenantId;
}

export const authPlugin = fp(
  async (app: FastifyInstance, options: { apiKeys: ApiKey[] }) => {
    // Only hashes are kept in memory; comparing hashes in constant time hides key prefixes.
    const known = options.apiKeys.map((k) => ({
      hash: digest(k.key),
      principal: { keyId: digest(k.key).toString('hex').slice(0, 12), tenantId: k.tenant, role: k.role },
    }));

    function authenticate(request: FastifyRequest): Principal {
      const header = request.headers.authorization;
      const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
      if (!match?.[1]) {
        throw new ProblemError('unauthorized', 'Send an API key as "Authorization: Bearer <key>".');
      }
      const presented = digest(match[1]);
      let found: Principal | undefined;
      for (const entry of known) {
        if (timingSafeEqual(entry.hash, presented)) found = entry.principal;
      }
      if (!found) throw new ProblemError('unauthorized', 'The API key is not known; check ONRAMP_API_KEYS or ask for a key.');
      return found;
    }

    app.decorateRequest('principal', null as unknown as Principal);
    app.addHook('onRequest', async (request) => {
      // The versioned API and the codec need a key; health, docs and the spec are open.
      if (!(request.url.startsWith('/v1/') || request.url.startsWith('/codec/')) || request.routeOptions.config?.public) return;
      request.principal = authenticate(request);
      if (request.routeOptions.config?.supportOnly && request.principal.role !== 'support') {
        throw new ProblemError('forbidden', 'Only support keys may use this.');
      }
      if (request.routeOptions.config?.clientOnly && request.principal.role === 'support') {
        throw new ProblemError('forbidden', 'Support keys cannot do this: it acts as the tenant. Use a client key of that tenant.');
      }
    });
  },
  { name: 'onramp-auth' },
);
