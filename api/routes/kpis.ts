import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findConnection } from '../../db/repositories/connections.js';
import { latestKpiValues, listKpiValues } from '../../db/repositories/kpi-values.js';
import type { AppDeps } from '../deps.js';
import { visibleTenant } from '../plugins/auth.js';
import type { Principal } from '../principal.js';
import { latestDerivedKpiValues, listDerivedKpiValues, liveIntegrations } from '../../db/repositories/derived-kpis.js';
import { derivedKpis } from '../../domain/derived-kpis.js';
import { presentDerivedKpi, presentKpi } from '../presenters.js';
import { notFound, ProblemError } from '../problems.js';
import { derivedKpiQuery, derivedKpiValueSchema, kpiQuery, kpiValueSchema, latestDerivedKpiQuery, latestKpiQuery, page, problemSchema } from '../schemas.js';

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

  app.get(
    '/v1/derived-kpis',
    {
      schema: {
        tags: ['kpis'],
        summary: 'Derived KPIs (made from several integrations, e.g. customer acquisition cost) by key and period range, oldest first',
        querystring: derivedKpiQuery,
        response: { 200: page(derivedKpiValueSchema), 400: problemSchema },
      },
    },
    async (request) => {
      const { items, nextCursor } = await listDerivedKpiValues(deps.db, { tenantId: visibleTenant(request.principal), ...request.query });
      return {
        items: items.map((row) => presentDerivedKpi(derivedKpis.find((d) => d.key === row.kpi_key)!, row.tenant_id, row)),
        nextCursor,
      };
    },
  );

  app.get(
    '/v1/derived-kpis/latest',
    {
      schema: {
        tags: ['kpis'],
        summary: 'Every derived KPI of a tenant: its newest period, or what it needs when it has none yet',
        querystring: latestDerivedKpiQuery,
        response: { 200: z.object({ items: z.array(derivedKpiValueSchema) }), 400: problemSchema },
      },
    },
    async (request) => {
      const tenantId = visibleTenant(request.principal) ?? request.query.tenant;
      if (!tenantId) {
        throw new ProblemError('validation', 'A support key names the tenant', [
          { field: 'querystring.tenant', message: 'Required for a support key: the tenant whose derived KPIs to show' },
        ]);
      }
      const rows = await latestDerivedKpiValues(deps.db, tenantId);
      const live = await liveIntegrations(deps.db, tenantId);
      return {
        items: derivedKpis.map((definition) => {
          const inputs = [...new Set(Object.values(definition.inputs).map((i) => i.integration))];
          // Nothing computed yet: what is not connected is missing; all connected, none has written yet.
          const notConnected = inputs.filter((slug) => !live.has(slug));
          return presentDerivedKpi(definition, tenantId, rows.find((r) => r.kpi_key === definition.key), notConnected.length > 0 ? notConnected : inputs);
        }),
      };
    },
  );
};
