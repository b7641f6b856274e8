import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findConnection } from '../../db/repositories/connections.js';
import { latestKpiValues, listKpiValues } from '../../db/repositories/kpi-values.js';
import type { AppDeps } from '../deps.js';
import { visibleTenant } from '../plugins/auth.js';
import type { Principal } from '../principal.js';
import { presentKpi } from '../presenters.js';
import { notFound } from '../problems.js';
import { kpiQuery, kpiValueSchema, latestKpiQuery, page, problemSchema } from '../schemas.js';

export const kpiRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  /** A connection filter naming another tenant's connection is a 404, as everywhere. */
  async function assertVisible(principal: Principal, connectionId: string | undefined): Promise<void> {
    if (connectionId && !(await findConnection(deps.db, connectionId, visibleTenant(principal)))) {
      throw notFound('connection');
    }
  }

  app.get(
    '/v1/kpis',
    {
      schema: {
        tags: ['kpis'],
        summary: 'KPI values by connection, key and period range (oldest first)',
        querystring: kpiQuery,
        response: { 200: page(kpiValueSchema), 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      await assertVisible(request.principal, request.query.connectionId);
      const { items, nextCursor } = await listKpiValues(deps.db, {
        tenantId: visibleTenant(request.principal),
        ...request.query,
      });
      return { items: items.map(presentKpi), nextCursor };
    },
  );

  app.get(
    '/v1/kpis/latest',
    {
      // The Connect page shows the first values of its own connection on the Complete step.
      config: { connectSession: true },
      schema: {
        tags: ['kpis'],
        summary: 'The newest value of each KPI key, per connection',
        querystring: latestKpiQuery,
        response: { 200: z.object({ items: z.array(kpiValueSchema) }), 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const session = request.principal.connectSession;
      // A Connect session reads its own connection's values only, as on every route it may use.
      if (session && (!request.query.connectionId || request.query.connectionId !== session.connectionId)) throw notFound('connection');
      await assertVisible(request.principal, request.query.connectionId);
      const rows = await latestKpiValues(deps.db, {
        tenantId: visibleTenant(request.principal),
        connectionId: request.query.connectionId,
      });
      return { items: rows.map(presentKpi) };
    },
  );
};
