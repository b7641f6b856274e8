import { z } from 'zod';
import { eventTypes, type EventType } from '../domain/events.js';
import { deliveryStatuses } from '../db/tables/webhooks.js';
import { text } from '../db/values.js';
import { pageQuery } from './schemas.js';

// The webhooks API's shapes (api/schemas.ts holds the rest): routes validate and serialize with
// them, OpenAPI publishes them.

/** What an endpoint may subscribe to: every event but `ping`, which goes only where it is asked for. */
export const subscribableEventTypes = eventTypes.filter((type): type is Exclude<EventType, 'ping'> => type !== 'ping');

// The scheme rule as a pattern, so the published document states it (and NUL with it);
// which addresses the host may reach is the server's rule (api/webhook-url.ts).
const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
  .max(2048)
  // eslint-disable-next-line no-control-regex -- refusing NUL (Postgres text cannot hold it) is the point
  .regex(/^https?:\/\/[^\u0000]*$/i, 'must be an absolute http(s) URL without NUL characters')
  .describe('Where events are POSTed. In production only https, to a host that resolves to public addresses only.');

const events = z
  .array(z.enum(subscribableEventTypes))
  .min(1, 'subscribe to at least one event type')
  .max(subscribableEventTypes.length)
  .describe('The event types to send here (ping is always allowed through POST /v1/webhooks/{id}/test)');

const description = text().trim().max(500);

export const createWebhookBody = z
  .object({ url: webhookUrl, events, description: description.optional() })
  .meta({ examples: [{ url: 'https://hooks.example.com/onramp', events: ['connection.error', 'connection.recovered'], description: 'Pager' }] });
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

export const patchWebhookBody = z
  .object({
    url: webhookUrl.optional(),
    events: events.optional(),
    enabled: z.boolean().optional().describe('false stops deliveries; true resumes them (and clears the reason it was disabled)'),
    description: description.nullable().optional().describe('null removes it'),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'send url, events, enabled or description' })
  // The refine above, as JSON Schema: the document must not promise that `{}` is accepted.
  .meta({ anyOf: ['url', 'events', 'enabled', 'description'].map((field) => ({ required: [field] })) });
export type PatchWebhookBody = z.infer<typeof patchWebhookBody>;

export const listWebhooksQuery = pageQuery.extend({
  tenant: text().max(200).optional().describe('Support: one tenant only (a client key sees its own tenant whatever this says)'),
});

export const webhookIdParams = z.object({ id: z.uuid('must be a webhook endpoint id (UUID)') });
export const deliveryParams = webhookIdParams.extend({ deliveryId: z.uuid('must be a delivery id (UUID)') });

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(subscribableEventTypes)),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().describe('Why deliveries stopped (disabled by a key, the receiver answered 410, or failing for 5 days)'),
    failingSince: z.iso.datetime().nullable().describe('Since when every attempt failed; null while the receiver answers 2xx'),
    previousSecretExpiresAt: z.iso
      .datetime()
      .nullable()
      .describe('After a rotation, the old secret signs alongside the new one until then'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpointView = z.infer<typeof webhookEndpointSchema>;

export const webhookEndpointWithSecretSchema = webhookEndpointSchema
  .extend({
    secret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+=*$/)
      .describe('The signing secret (Standard Webhooks, whsec_<base64>): shown only in this answer; verify each delivery with it'),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const webhookDeliverySchema = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    eventId: z.string().describe('The webhook-id header receivers deduplicate on'),
    eventType: z.enum(eventTypes),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: z.iso.datetime().nullable(),
    nextAttemptAt: z.iso.datetime().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryApiView = z.infer<typeof webhookDeliverySchema>;

/** A delivery of one connection's event, with why it still waits when it does (the console's connection page). */
export const connectionDeliverySchema = webhookDeliverySchema
  .extend({
    endpointUrl: z.string(),
    waitingBehind: z
      .object({
        deliveryId: z.uuid(),
        eventId: z.string(),
        eventType: z.enum(eventTypes),
        connectionId: z.uuid().nullable(),
        pendingSince: z.iso.datetime(),
        attempts: z.number().int(),
        lastStatusCode: z.number().int().nullable(),
        lastError: z.string().nullable(),
        nextAttemptAt: z.iso.datetime().nullable(),
      })
      .nullable()
      .describe('For a pending delivery: the one of the same connection its endpoint sends first (a connection\'s events reach an endpoint in order; other connections\' events do not wait); null when it is itself next'),
    pendingReason: z.string().nullable().describe('Why a pending delivery is not sent yet, in words; null once delivered or failed'),
  })
  .meta({ id: 'ConnectionWebhookDelivery' });
export type ConnectionDeliveryApiView = z.infer<typeof connectionDeliverySchema>;
