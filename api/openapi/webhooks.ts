import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { connectionEventCatalog, endpointEventCatalog } from '../event-schemas.js';

/**
 * The OpenAPI 3.1 `webhooks` section: one entry per event type, a POST whose body is that
 * event's envelope. The envelopes are named zod schemas, so they land in `components.schemas`
 * with the route schemas, and each entry here only refers to its own.
 */
type Webhooks = NonNullable<Extract<NonNullable<FastifyDynamicSwaggerOptions['openapi']>, { webhooks?: unknown }>['webhooks']>;

export function documentWebhooks(): Webhooks {
  return Object.fromEntries(
    Object.entries({ ...connectionEventCatalog, ...endpointEventCatalog }).map(([type, { id, when }]) => {
      return [
        type,
        {
          post: {
            operationId: `webhook_${type.replace(/\W/g, '_')}`,
            summary: type,
            description: `${when} Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).`,
            tags: ['events'],
            requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${id}` } } } },
            responses: { '2XX': { description: 'Received: any 2xx ends the delivery; anything else is retried.' } },
          },
        },
      ];
    }),
  ) as Webhooks;
}
