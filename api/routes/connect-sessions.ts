import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findConnection } from '../../db/repositories/connections.js';
import { checkBranding } from '../branding.js';
import { openConnectSession } from '../connect-sessions.js';
import type { AppDeps } from '../deps.js';
import { checkReturnUrl } from '../onboarding-service.js';
import { notFound, ProblemError } from '../problems.js';
import { connectionIdParams, connectSessionInfoSchema, connectSessionSchema, createConnectSessionBody, problemSchema } from '../schemas.js';
import { visibleTenant } from '../plugins/auth.js';

/** Connect sessions: a client opens one for an end user; the Connect page reads what it grants. */
export const connectSessionRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/v1/connect/sessions',
    {
      config: { clientOnly: true, audit: 'connect_session.create' },
      schema: {
        tags: ['connect'],
        summary: 'Open a Connect session: a short-lived link for an end user to connect (or fix) one connection',
        body: createConnectSessionBody,
        response: { 201: connectSessionSchema, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { allowedIntegrations, endUser, connectionId, returnUrl, connection, branding } = request.body;
      const unknown = (allowedIntegrations ?? [])
        .map((slug, index) => ({ slug, index }))
        .filter(({ slug }) => !deps.providers.get(slug));
      if (unknown.length > 0) {
        throw new ProblemError(
          'validation',
          'allowedIntegrations names integrations that do not exist; see GET /v1/integrations',
          unknown.map(({ slug, index }) => ({ field: `body.allowedIntegrations.${index}`, message: `no integration "${slug}"` })),
        );
      }
      let allowed = allowedIntegrations ?? null;
      if (connectionId) {
        const row = await findConnection(deps.db, connectionId, request.principal.tenantId);
        if (!row) throw notFound('connection');
        if (row.status === 'disconnected') throw new ProblemError('conflict', 'the connection is disconnected: open a session without connectionId to create a new one');
        if (allowed && !allowed.includes(row.integration)) {
          throw new ProblemError('validation', 'the connection\'s integration is not among allowedIntegrations', [
            { field: 'body.allowedIntegrations', message: `must include "${row.integration}" (the connection's integration) or be left out` },
          ]);
        }
        allowed = [row.integration];
        request.auditConnectionId = row.id;
      }
      const session = await openConnectSession(deps, request.principal, {
        allowedIntegrations: allowed,
        endUser: endUser ?? null,
        connectionId: connectionId ?? null,
        returnUrl: checkReturnUrl(deps, returnUrl),
        connectionSettings: connection && Object.values(connection).some((v) => v !== undefined) ? connection : null,
        branding: checkBranding(branding, deps.pages.logoOrigins),
      });
      return reply.code(201).send(session);
    },
  );

  // A fix link: support (or the tenant's client) opens a session for one existing connection, to
  // send its end user; what the user does with it is audited under the key that made it.
  app.post(
    '/v1/connections/:id/connect-session',
    {
      config: { audit: 'connect_session.create' },
      schema: {
        tags: ['connect'],
        summary: 'A fix link: a Connect session for this connection (new credentials, config or authorization), to send to its end user',
        params: connectionIdParams,
        response: { 201: connectSessionSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await findConnection(deps.db, request.params.id, visibleTenant(request.principal));
      if (!row) throw notFound('connection');
      if (row.status === 'disconnected') throw new ProblemError('conflict', 'the connection is disconnected: a fix link cannot bring it back; the tenant creates a new one');
      // The session belongs to the connection's tenant, whoever made it (a support key has none).
      const session = await openConnectSession(deps, { ...request.principal, tenantId: row.tenant_id }, {
        allowedIntegrations: [row.integration],
        endUser: row.end_user,
        connectionId: row.id,
        returnUrl: null,
        // The connection exists: its name and sync settings are already the tenant's.
        connectionSettings: null,
        // Support's link speaks as Onramp: no host product stands behind it.
        branding: null,
      });
      return reply.code(201).send(session);
    },
  );

  app.get(
    '/v1/connect/session',
    {
      config: { connectSession: true },
      schema: {
        tags: ['connect'],
        summary: 'The Connect session presented: its connection, integrations and return URL (Connect session token only)',
        response: { 200: connectSessionInfoSchema, 403: problemSchema },
      },
    },
    async (request) => {
      const session = request.principal.connectSession;
      if (!session) throw new ProblemError('forbidden', 'Only a Connect session token has a session to describe; this is an API key.');
      return {
        connectionId: session.connectionId,
        allowedIntegrations: session.allowedIntegrations,
        returnUrl: session.returnUrl,
        expiresAt: session.expiresAt.toISOString(),
        branding: session.branding,
      };
    },
  );
};
