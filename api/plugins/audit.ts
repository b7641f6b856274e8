import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { recordAuditEvent } from '../../db/repositories/audit-events.js';
import type { Database } from '../../db/schema.js';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit trail: every state-changing route, once answered, leaves an event with the actor's
 * key id, tenant, connection, action and outcome, whether it succeeded or was refused.
 */
export const auditPlugin = fp(
  async (app: FastifyInstance, options: { db: Kysely<Database> }) => {
    app.decorateRequest('auditConnectionId', undefined);
    app.addHook('onResponse', async (request, reply) => {
      const action = request.routeOptions.config?.audit;
      if (!action || !request.principal) return;
      const param = (request.params as { id?: string } | undefined)?.id;
      const connectionId = request.auditConnectionId ?? (param && UUID.test(param) ? param : null);
      let tenantId: string | null = request.principal.role === 'client' ? request.principal.tenantId : null;
      if (tenantId === null && connectionId) {
        const row = await options.db.selectFrom('connections').select('tenant_id').where('id', '=', connectionId).executeTakeFirst();
        tenantId = row?.tenant_id ?? null;
      }
      const status = reply.statusCode;
      try {
        await recordAuditEvent(options.db, {
          actor_key_id: request.principal.keyId,
          actor_role: request.principal.role,
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
