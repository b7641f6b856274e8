import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditEvents } from '../../db/repositories/audit-events.js';
import type { AppDeps } from '../deps.js';
import { keyRing, visibleTenant } from '../plugins/auth.js';
import { page, pageQuery, problemSchema } from '../schemas.js';

const auditEventSchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actorKeyId: z.string(),
    actorRole: z.string(),
    actorLabel: z.string().nullable().describe('Who holds the key, as ONRAMP_API_KEYS names it now (its fourth part); null without one'),
    tenantId: z.string().nullable(),
    connectionId: z.string().nullable(),
    action: z.string(),
    outcome: z.enum(['pending', 'ok', 'rejected', 'error']).describe('pending: recorded before acting, outcome not known yet (or the process stopped mid-action)'),
    statusCode: z.number().int().nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const auditRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { byKeyId } = keyRing(deps.apiKeys);
  app.get(
    '/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first (support: every tenant; clients: their own)',
        querystring: pageQuery.extend({ connectionId: z.uuid().optional() }),
        response: { 200: page(auditEventSchema), 400: problemSchema },
      },
    },
    async (request) => {
      const { items, nextCursor } = await listAuditEvents(deps.db, { tenantId: visibleTenant(request.principal), ...request.query });
      return {
        items: items.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          actorKeyId: e.actor_key_id,
          actorRole: e.actor_role,
          actorLabel: byKeyId(e.actor_key_id)?.label ?? null,
          tenantId: e.tenant_id,
          connectionId: e.connection_id,
          action: e.action,
          outcome: e.outcome,
          statusCode: e.status_code,
        })),
        nextCursor,
      };
    },
  );
};
