import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findConnection, listConnections } from '../../db/repositories/connections.js';
import { createConnection } from '../create-connection.js';
import type { AppDeps } from '../deps.js';
import { visibleTenant } from '../plugins/auth.js';
import { presentConnection } from '../presenters.js';
import { notFound } from '../problems.js';
import { connectionIdParams, createConnectionBody, idempotencyHeaders, listConnectionsQuery, page, problemSchema } from '../schemas.js';
import { connectionSchema } from '../../domain/connection.js';

export const connectionRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/v1/connections',
    {
      config: { clientOnly: true, connectSession: true, audit: 'create' },
      schema: {
        tags: ['connections'],
        summary: 'Connect an integration: starts its onboarding',
        description:
          'Answers 201 with the new connection, or 200 with the earlier one when the same Idempotency-Key and body were sent before.',
        headers: idempotencyHeaders,
        body: createConnectionBody,
        response: { 200: connectionSchema, 201: connectionSchema, 400: problemSchema, 409: problemSchema, 422: problemSchema, 503: problemSchema },
      },
    },
    async (request, reply) => {
      const { row, created, authorizeUrl } = await createConnection(
        deps,
        request.principal,
        request.body,
        request.headers['idempotency-key'],
      );
      request.auditConnectionId = row.id;
      return reply.code(created ? 201 : 200).send({ ...presentConnection(row), ...(authorizeUrl ? { authorizeUrl } : {}) });
    },
  );

  app.get(
    '/v1/connections',
    {
      schema: {
        tags: ['connections'],
        summary: 'List and search connections, newest or most urgent first',
        querystring: listConnectionsQuery,
        response: { 200: page(connectionSchema), 400: problemSchema },
      },
    },
    async (request) => {
      const { items, nextCursor } = await listConnections(deps.db, {
        tenantId: visibleTenant(request.principal),
        ...request.query,
        waitingAttentionMs: deps.console.waitingAttentionMs,
      });
      return { items: items.map((row) => presentConnection(row)), nextCursor };
    },
  );

  app.get(
    '/v1/connections/:id',
    {
      config: { connectSession: true },
      schema: {
        tags: ['connections'],
        summary: 'One connection: status, onboarding progress and sync state (never credentials)',
        params: connectionIdParams,
        response: { 200: connectionSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await findConnection(deps.db, request.params.id, visibleTenant(request.principal));
      if (!row) throw notFound('connection');
      // nextSyncAt is the schedule's projection in the row, refreshed by whatever changes the
      // schedule: asking Temporal here cost most of this route's time (issue 12).
      return presentConnection(row);
    },
  );
};
