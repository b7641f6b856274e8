import { z } from 'zod';
import { connectionEventData, type ConnectionEventType, type EventType } from '../domain/events.js';

// How the OpenAPI document publishes the events Onramp writes, under `webhooks`: each type's
// component name and when it is written, around its data (domain/events.ts).

/** Each connection event type: its component name, its data, and when it is written. */
export const connectionEventCatalog = {
  'connection.created': { id: 'ConnectionCreatedEvent', data: connectionEventData['connection.created'], when: 'POST /v1/connections created the connection (onboarding starts).' },
  'connection.active': { id: 'ConnectionActiveEvent', data: connectionEventData['connection.active'], when: 'Onboarding completed: the schedule exists and the first sync starts.' },
  'connection.failed': {
    id: 'ConnectionFailedEvent',
    data: connectionEventData['connection.failed'],
    when: 'Onboarding failed and waits for a person: new credentials, config, or POST …/retry.',
  },
  'connection.error': {
    id: 'ConnectionErrorEvent',
    data: connectionEventData['connection.error'],
    when: 'Syncs need a person: N failed runs in a row, or credentials the provider refuses (the schedule is paused).',
  },
  'connection.recovered': { id: 'ConnectionRecoveredEvent', data: connectionEventData['connection.recovered'], when: 'Back to active after status error: a good run, or a completed re-authorization.' },
  'connection.paused': { id: 'ConnectionPausedEvent', data: connectionEventData['connection.paused'], when: 'Scheduled syncs were paused (POST …/pause).' },
  'connection.resumed': { id: 'ConnectionResumedEvent', data: connectionEventData['connection.resumed'], when: 'Scheduled syncs were resumed (POST …/resume).' },
  'connection.disconnected': { id: 'ConnectionDisconnectedEvent', data: connectionEventData['connection.disconnected'], when: 'DELETE /v1/connections/:id: schedule removed, credentials wiped, history kept.' },
  'connection.reauthorization_required': {
    id: 'ConnectionReauthorizationRequiredEvent',
    data: connectionEventData['connection.reauthorization_required'],
    when: 'The provider no longer accepts the OAuth grant: POST …/reauthorize and send the user to the authorizeUrl.',
  },
  'sync.failed': { id: 'SyncFailedEvent', data: connectionEventData['sync.failed'], when: 'A scheduled sync run failed (run.error says why).' },
  'sync.empty': { id: 'SyncEmptyEvent', data: connectionEventData['sync.empty'], when: 'A scheduled sync run got no data where earlier runs had data.' },
  'sync.partial': {
    id: 'SyncPartialEvent',
    data: connectionEventData['sync.partial'],
    when: 'A scheduled sync run wrote every day it could read, and the vendor would not answer for some days (run.missingPeriods says which and why; later runs ask for them first).',
  },
  'sync.succeeded': { id: 'SyncSucceededEvent', data: connectionEventData['sync.succeeded'], when: 'A scheduled sync run wrote its KPIs (every run: subscribe only if you want them all).' },
  'backfill.completed': {
    id: 'BackfillCompletedEvent',
    data: connectionEventData['backfill.completed'],
    when: 'A backfill wrote every day of its range.',
  },
} satisfies Record<ConnectionEventType, { id: string; data: z.ZodType; when: string }>;

/** The envelope a receiver gets for one event type, as a named component of the document. */
function envelopeOf<T extends EventType, D extends z.ZodType>(type: T, entry: { id: string; data: D; when: string }) {
  return z
    .object({
      id: z.string().describe('evt_…: also the webhook-id header; deduplicate on it'),
      type: z.literal(type),
      createdAt: z.iso.datetime(),
      tenantId: z.string(),
      data: entry.data,
    })
    .meta({ id: entry.id, description: entry.when });
}

export const connectionEventEnvelopes = Object.fromEntries(
  (Object.keys(connectionEventCatalog) as ConnectionEventType[]).map((type) => [type, envelopeOf(type, connectionEventCatalog[type])]),
) as unknown as Record<ConnectionEventType, z.ZodType>;

/** The events about a tenant's webhook endpoints rather than a connection. */
const endpointSchema = z.object({ id: z.uuid(), url: z.string(), description: z.string().nullable() });
export const endpointEventCatalog = {
  ping: {
    id: 'PingEvent',
    data: z.object({ endpoint: endpointSchema.describe('The endpoint POST /v1/webhooks/:id/test was sent for (only it receives the ping).') }),
    when: 'POST /v1/webhooks/:id/test: a test delivery to that endpoint only.',
  },
  'webhook_endpoint.disabled': {
    id: 'WebhookEndpointDisabledEvent',
    data: z.object({ endpoint: endpointSchema.describe('The endpoint that was disabled (this event goes to the tenant\'s other endpoints).'), reason: z.string() }),
    when: 'One of the tenant\'s endpoints was disabled: it answered 410, or failed for 5 days. PATCH it with enabled: true once it is fixed.',
  },
} satisfies Partial<Record<EventType, { id: string; data: z.ZodType; when: string }>>;
export type EndpointEventType = keyof typeof endpointEventCatalog;

export const endpointEventEnvelopes = Object.fromEntries(
  (Object.keys(endpointEventCatalog) as EndpointEventType[]).map((type) => [type, envelopeOf(type, endpointEventCatalog[type])]),
) as unknown as Record<EndpointEventType, z.ZodType>;
