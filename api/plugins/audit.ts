import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { completeAuditEvent, recordAuditEvent } from '../../db/repositories/audit-events.js';
import type { Database } from '../../db/schema.js';
import type { Principal } from '../principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Record this route in the audit trail under this action name. */
    audit?: string;
    /**
     * What the route's `:id` names: a connection unless said otherwise. A webhook endpoint's id
     * is no connection's: the event names none, and support's event takes the endpoint's tenant.
     */
    auditIdNames?: 'webhook_endpoint';
  }
  interface FastifyRequest {
    /** Set by handlers that create a connection, so its event names it. */
    auditConnectionId?: string;
    /** The event recorded before the handler acted, completed with its outcome once it answered. */
    auditEventId?: string;
  }
}

/** The actor of a request without a known key (the key itself is never recorded). */
const ANONYMOUS = 'anonymous';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The audit trail: every state-changing route leaves an event with the actor's key id, tenant,
 * connection, action and outcome, whether it succeeded or was refused; and every 401/403 on any
 * key-protected route leaves one too, named `<METHOD> <route pattern>` when the route has no
 * action name.
 *
 * An action that passed authentication and validation is recorded before its handler acts
 * (outcome `pending`) and completed once the handler has answered, whether or not the client is
 * still there: a client that hangs up cannot leave a change unaudited. If the event cannot be
 * written, the action does not happen (the request fails, 503 when Postgres is down).
 */
export const auditPlugin = fp(
  async (app: FastifyInstance, options: { db: Kysely<Database> }) => {
    app.decorateRequest('auditConnectionId', undefined);
    app.decorateRequest('auditEventId', undefined);

    const idOf = (request: FastifyRequest): string | null => {
      const param = (request.params as { id?: string } | undefined)?.id;
      return param && UUID.test(param) ? param : null;
    };
    const namesWebhook = (request: FastifyRequest) => request.routeOptions.config.auditIdNames === 'webhook_endpoint';
    const connectionOf = (request: FastifyRequest): string | null =>
      request.auditConnectionId ?? (namesWebhook(request) ? null : idOf(request));
    // Without a verified key nobody's trail is touched: such events are for support only.
    const tenantOf = async (principal: Principal | null, request: FastifyRequest): Promise<string | null> => {
      if (principal?.role === 'client') return principal.tenantId;
      const id = namesWebhook(request) ? idOf(request) : connectionOf(request);
      if (principal?.role !== 'support' || !id) return null;
      const row = await options.db
        .selectFrom(namesWebhook(request) ? 'webhook_endpoints' : 'connections')
        .select('tenant_id')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.tenant_id ?? null;
    };
    // Session actions are the creating key's, marked so the trail shows an end user took them.
    const roleOf = (principal: Principal) => (principal.connectSession ? 'connect_session' : principal.role);
    const outcomeOf = (status: number) => (status < 400 ? 'ok' : status < 500 ? 'rejected' : 'error');

    app.addHook('preHandler', async (request) => {
      const action = request.routeOptions.config.audit;
      const principal: Principal | null = request.principal;
      if (!action || !principal) return;
      const connectionId = connectionOf(request);
      request.auditEventId = await recordAuditEvent(options.db, {
        actor_key_id: principal.keyId,
        actor_role: roleOf(principal),
        tenant_id: await tenantOf(principal, request),
        connection_id: connectionId,
        action,
        outcome: 'pending',
        status_code: null,
      });
    });

    // onSend runs once the handler has answered, even when the client has already gone (onResponse does not).
    app.addHook('onSend', async (request, reply) => {
      const id = request.auditEventId;
      if (!id) return;
      try {
        await completeAuditEvent(options.db, id, {
          outcome: outcomeOf(reply.statusCode),
          status_code: reply.statusCode,
          // A create names its connection only once it exists.
          ...(request.auditConnectionId ? { connection_id: request.auditConnectionId } : {}),
        });
      } catch (error) {
        request.log.error({ err: error, auditEventId: id }, 'audit outcome not recorded; the event stays pending');
      }
    });

    // Refusals before any handler ran (401, 403, a 400 from validation): nothing changed, and the answer is what is recorded.
    app.addHook('onResponse', async (request, reply) => {
      if (request.auditEventId) return;
      const config = request.routeOptions.config;
      const status = reply.statusCode;
      const refused = (status === 401 || status === 403) && !request.is404 && !config.public;
      const action = config.audit ?? (refused ? `${request.method} ${request.routeOptions.url}` : undefined);
      // Null without a known key: the auth plugin sets it only for keys it knows.
      const principal: Principal | null = request.principal;
      if (!action || (!principal && !refused)) return;
      const connectionId = connectionOf(request);
      try {
        await recordAuditEvent(options.db, {
          actor_key_id: principal?.keyId ?? ANONYMOUS,
          actor_role: principal ? roleOf(principal) : ANONYMOUS,
          tenant_id: await tenantOf(principal, request),
          connection_id: connectionId,
          action,
          outcome: outcomeOf(status),
          status_code: status,
        });
      } catch (error) {
        request.log.error({ err: error, action }, 'audit event not recorded');
      }
    });
  },
  { name: 'onramp-audit', dependencies: ['onramp-auth'] },
);
