import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordEvent } from '../../db/repositories/events.js';
import {
  deleteWebhookEndpoint,
  findWebhookDelivery,
  findWebhookEndpoint,
  insertWebhookDelivery,
  insertWebhookEndpoint,
  listConnectionDeliveries,
  listWebhookDeliveries,
  lockEndpointForEvents,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../../db/repositories/webhooks.js';
import type { WebhookEndpointRow, WebhookEndpointUpdate } from '../../db/tables/webhooks.js';
import { wakeWebhookEndpoint } from '../../platform/webhook-wake.js';
import type { AppDeps } from '../deps.js';
import { visibleTenant } from '../plugins/auth.js';
import type { Principal } from '../principal.js';
import { presentConnectionDelivery, presentWebhookDelivery, presentWebhookEndpoint } from '../presenters.js';
import { findConnection } from '../../db/repositories/connections.js';
import { notFound, ProblemError } from '../problems.js';
import { connectionIdParams, page, pageQuery, problemSchema } from '../schemas.js';
import {
  connectionDeliverySchema,
  createWebhookBody,
  deliveryParams,
  listWebhooksQuery,
  patchWebhookBody,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
  webhookIdParams,
} from '../webhook-schemas.js';
import { checkWebhookUrl } from '../webhook-url.js';

const FOREIGN_KEY_VIOLATION = '23503';

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch over. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 3_600_000;

/** A Standard Webhooks signing secret: `whsec_` and the base64 of 32 random bytes. */
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

const tags = ['webhooks'];
/** Audit events of these routes name the endpoint's tenant, and no connection. */
const audited = (action: string) => ({ audit: action, auditIdNames: 'webhook_endpoint' as const });

/** Webhook endpoints (where a tenant's events go) and their delivery log. */
export const webhookRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  async function load(principal: Principal, id: string): Promise<WebhookEndpointRow> {
    const row = await findWebhookEndpoint(deps.db, id, visibleTenant(principal));
    if (!row) throw notFound('webhook endpoint');
    return row;
  }
  const mustBeEnabled = (row: WebhookEndpointRow) => {
    if (!row.enabled) {
      throw new ProblemError('conflict', `the endpoint is disabled (${row.disabled_reason ?? 'no reason recorded'}): PATCH it with {"enabled": true} first`);
    }
  };
  // A delete that commits between reading the endpoint and writing its delivery: the endpoint is gone.
  const goneIfDeleted = (error: unknown): never => {
    if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw notFound('webhook endpoint');
    throw error;
  };
  const wake = (id: string) => wakeWebhookEndpoint(deps.temporal, deps.taskQueue, id);
  const withSecret = (row: WebhookEndpointRow, secret: string) => ({ ...presentWebhookEndpoint(row), secret });

  app.post(
    '/v1/webhooks',
    {
      config: { clientOnly: true, ...audited('webhook.create') },
      schema: {
        tags,
        summary: 'Add a webhook endpoint: answers its signing secret, shown only here',
        body: createWebhookBody,
        response: { 201: webhookEndpointWithSecretSchema, 400: problemSchema },
      },
    },
    async (request, reply) => {
      const url = await checkWebhookUrl(request.body.url, deps.webhooks);
      const secret = newSigningSecret();
      const row = await insertWebhookEndpoint(deps.db, {
        id: randomUUID(),
        tenant_id: request.principal.tenantId,
        url,
        description: request.body.description ?? null,
        event_types: [...new Set(request.body.events)],
        disabled_reason: null,
        secret_encrypted: deps.secrets.seal(secret),
        previous_secret_encrypted: null,
        previous_secret_expires_at: null,
        failing_since: null,
      });
      return reply.code(201).send(withSecret(row, secret));
    },
  );

  app.get(
    '/v1/webhooks',
    {
      schema: {
        tags,
        summary: 'List webhook endpoints, newest first (support: every tenant\'s, or one tenant\'s with `tenant`)',
        querystring: listWebhooksQuery,
        response: { 200: page(webhookEndpointSchema), 400: problemSchema },
      },
    },
    async (request) => {
      const { items, nextCursor } = await listWebhookEndpoints(deps.db, { tenantId: visibleTenant(request.principal), ...request.query });
      return { items: items.map(presentWebhookEndpoint), nextCursor };
    },
  );

  app.get(
    '/v1/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'One webhook endpoint (never its secret)',
        params: webhookIdParams,
        response: { 200: webhookEndpointSchema, 404: problemSchema },
      },
    },
    async (request) => presentWebhookEndpoint(await load(request.principal, request.params.id)),
  );

  app.patch(
    '/v1/webhooks/:id',
    {
      config: { clientOnly: true, ...audited('webhook.update') },
      schema: {
        tags,
        summary: 'Change the URL, the events, the description, or turn deliveries off and on again',
        params: webhookIdParams,
        body: patchWebhookBody,
        response: { 200: webhookEndpointSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id);
      const { url, events, enabled, description } = request.body;
      const reenabled = enabled === true && !row.enabled;
      const patch: WebhookEndpointUpdate = {
        ...(url !== undefined ? { url: await checkWebhookUrl(url, deps.webhooks) } : {}),
        ...(events !== undefined ? { event_types: [...new Set(events)] } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(enabled === false && row.enabled ? { enabled: false, disabled_reason: `disabled by key ${request.principal.keyId}` } : {}),
        // A fresh start: the 5-day failure clock restarts, and what waited is delivered.
        ...(reenabled ? { enabled: true, disabled_reason: null, failing_since: null } : {}),
      };
      const updated = await updateWebhookEndpoint(deps.db, row.id, patch);
      if (!updated) throw notFound('webhook endpoint');
      if (reenabled) await wake(row.id);
      return presentWebhookEndpoint(updated);
    },
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      config: { clientOnly: true, ...audited('webhook.delete') },
      schema: {
        tags,
        summary: 'Remove a webhook endpoint and its delivery log; its delivery stops (events stay)',
        params: webhookIdParams,
        response: { 204: z.null().describe('Removed'), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await load(request.principal, request.params.id);
      // The delivery workflow finds the row gone at its next look and ends: nothing to signal.
      if (!(await deleteWebhookEndpoint(deps.db, row.id))) throw notFound('webhook endpoint');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      config: { clientOnly: true, ...audited('webhook.rotate_secret') },
      schema: {
        tags,
        summary: 'A new signing secret, shown only here; the old one keeps signing beside it for 24 hours',
        params: webhookIdParams,
        response: { 200: webhookEndpointWithSecretSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id);
      const secret = newSigningSecret();
      const updated = await rotateWebhookSecret(deps.db, row.id, deps.secrets.seal(secret), new Date(Date.now() + PREVIOUS_SECRET_TTL_MS));
      if (!updated) throw notFound('webhook endpoint');
      return withSecret(updated, secret);
    },
  );

  app.post(
    '/v1/webhooks/:id/test',
    {
      config: { clientOnly: true, ...audited('webhook.test') },
      schema: {
        tags,
        summary: 'Send a ping event to this endpoint only; follow it in the deliveries',
        params: webhookIdParams,
        response: { 202: webhookDeliverySchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await load(request.principal, request.params.id);
      mustBeEnabled(row);
      // No endpoint subscribes to ping, so the outbox's fan-out leaves this event alone: the
      // delivery row written with it is its only one.
      const delivery = await deps.db.transaction().execute(async (trx) => {
        if (!(await lockEndpointForEvents(trx, row.id))) throw notFound('webhook endpoint');
        const event = await recordEvent(trx, {
          type: 'ping',
          tenantId: row.tenant_id,
          connectionId: null,
          data: { endpoint: { id: row.id, url: row.url, description: row.description } },
        });
        return { ...(await insertWebhookDelivery(trx, row, event)), event_type: event.type };
      }).catch(goneIfDeleted);
      await wake(row.id);
      return reply.code(202).send(presentWebhookDelivery(delivery));
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first: each event sent here, its attempts and how the receiver answered',
        params: webhookIdParams,
        querystring: pageQuery,
        response: { 200: page(webhookDeliverySchema), 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await load(request.principal, request.params.id);
      const { items, nextCursor } = await listWebhookDeliveries(deps.db, { endpointId: row.id, ...request.query });
      return { items: items.map(presentWebhookDelivery), nextCursor };
    },
  );

  app.get(
    '/v1/connections/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Deliveries of this connection\'s events to its tenant\'s endpoints, newest first; a pending one says why it waits',
        params: connectionIdParams,
        querystring: pageQuery,
        response: { 200: page(connectionDeliverySchema), 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const row = await findConnection(deps.db, request.params.id, visibleTenant(request.principal));
      if (!row) throw notFound('connection');
      const { items, nextCursor } = await listConnectionDeliveries(deps.db, { connectionId: row.id, ...request.query });
      return { items: items.map(presentConnectionDelivery), nextCursor };
    },
  );

  app.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: audited('webhook.redeliver'),
      schema: {
        tags,
        summary: 'Send a delivery\'s event again (same webhook-id), as a new delivery (client of the tenant, or support)',
        params: deliveryParams,
        response: { 202: webhookDeliverySchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const row = await load(request.principal, request.params.id);
      const original = await findWebhookDelivery(deps.db, row.id, request.params.deliveryId);
      if (!original) throw notFound('delivery');
      mustBeEnabled(row);
      const again = await insertWebhookDelivery(deps.db, row, { id: original.event_id, sequence: original.event_sequence, connection_id: original.connection_id }).catch(goneIfDeleted);
      await wake(row.id);
      return reply.code(202).send(presentWebhookDelivery({ ...again, event_type: original.event_type }));
    },
  );
};
