import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../../db/repositories/audit-events.js';
import type { Database } from '../../db/schema.js';
import type { Principal } from './auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Record this route in the audit trail under this action name. */
    audit?: string;
  }
  interface FastifyRequest {
    /** Set by handlers that create a connection, so its event names it. */
    auditConnectionId?: string;
  }
}

/** The actor of a request without a known key (the key itself is never recorded). */
const ANONYMOUS = 'anonymous';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit trail: every state-changing route, once answered, leaves an event with the actor's
 * key id, tenant, connection, action and outcome, whether it succeeded or was refused; and every
 * 401/403 on any key-protected route leaves one too, named `<METHOD> <route pattern>` when the
 * route has no action name.
 */
export const auditPlugin = fp(
  async (app: FastifyInstance, options: { db: Kysely<Database> }) => {
    app.decorateRequest('auditConnectionId', undefined);
    app.addHook('onResponse', async (request, reply) => {
      const config = request.routeOptions.config;
      const status = reply.statusCode;
      // Every refusal of a key-protected route is audited, on any route, key or no key.
      const refused = (status === 401 || status === 403) && !request.is404 && !config.public;
      const action = config.audit ?? (refused ? `${request.method} ${request.routeOptions.url}` : undefined);
      // Null without a known key: the auth plugin sets it only for keys it knows.
      const principal: Principal | null = request.principal;
      if (!action || (!principal && !refused)) return;
      const param = (request.params as { id?: string } | undefined)?.id;
      const connectionId = request.auditConnectionId ?? (param && UUID.test(param) ? param : null);
      let tenantId: string | null = principal?.role === 'client' ? principal.tenantId : null;
      // Without a verified key nobody's trail is touched: such events are for support only.
      if (principal?.role === 'support' && connectionId) {
        const row = await options.db.selectFrom('connections').select('tenant_id').where('id', '=', connectionId).executeTakeFirst();
        tenantId = row?.tenant_id ?? null;
      }
      try {
        await recordAuditEvent(options.db, {
          actor_key_id: principal?.keyId ?? ANONYMOUS,
          actor_role: principal?.role ?? ANONYMOUS,
          tenant_id: tenantId,
          connection_id: connectionId,
          action,
          outcome: status < 400 ? 'ok' : status < 500 ? 'rejected' : 'error',
          status_code: status,
        });
      } catch (error) {
        request.log.error({ err: error, action }, 'audit event not recorded');
      }
    });
  },
  { name: 'onramp-audit', dependencies: ['onramp-auth'] },
);
