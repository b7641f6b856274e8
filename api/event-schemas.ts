import { z } from 'zod';
import type { EventType } from '../db/tables/events.js';
import { backfillSchema, connectionSchema, lastErrorSchema, syncRunSchema } from './schemas.js';

// The payloads of the events Onramp writes about connections, syncs and backfills: the worker
// and the API type what they record from these, and the OpenAPI document publishes them under
// `webhooks`. Every payload carries the connection exactly as GET /v1/connections/:id answers it.

const withConnection = { connection: connectionSchema };
const connectionData = z.object(withConnection);
const becauseData = (why: string) => z.object({ ...withConnection, lastError: lastErrorSchema.describe(why) });

export const syncRunSummarySchema = syncRunSchema.pick({ id: true, window: true, kpisWritten: true, error: true });
const syncData = z.object({ ...withConnection, run: syncRunSummarySchema });

export const backfillSummarySchema = backfillSchema.pick({ id: true, from: true, to: true, kpisWritten: true });

/** Each event type this module describes: its data schema, when it is written, and its component name. */
export const connectionEventCatalog = {
  'connection.created': { id: 'ConnectionCreatedEvent', data: connectionData, when: 'POST /v1/connections created the connection (onboarding starts).' },
  'connection.active': { id: 'ConnectionActiveEvent', data: connectionData, when: 'Onboarding completed: the schedule exists and the first sync starts.' },
  'connection.failed': {
    id: 'ConnectionFailedEvent',
    data: becauseData('Why onboarding failed and what to do next (also in connection.onboarding.lastError).'),
    when: 'Onboarding failed and waits for a person: new credentials, config, or POST …/retry.',
  },
  'connection.error': {
    id: 'ConnectionErrorEvent',
    data: becauseData('Why syncs need a person: the last run\'s error (also in connection.sync.lastError).'),
    when: 'Syncs need a person: N failed runs in a row, or credentials the provider refuses (the schedule is paused).',
  },
  'connection.recovered': { id: 'ConnectionRecoveredEvent', data: connectionData, when: 'Back to active after status error: a good run, or a completed re-authorization.' },
  'connection.paused': { id: 'ConnectionPausedEvent', data: connectionData, when: 'Scheduled syncs were paused (POST …/pause).' },
  'connection.resumed': { id: 'ConnectionResumedEvent', data: connectionData, when: 'Scheduled syncs were resumed (POST …/resume).' },
  'connection.disconnected': { id: 'ConnectionDisconnectedEvent', data: connectionData, when: 'DELETE /v1/connections/:id: schedule removed, credentials wiped, history kept.' },
  'connection.reauthorization_required': {
    id: 'ConnectionReauthorizationRequiredEvent',
    data: becauseData('The provider refused the authorization (OAuth invalid_grant); the hint says how to re-authorize.'),
    when: 'The provider no longer accepts the OAuth grant: POST …/reauthorize and send the user to the authorizeUrl.',
  },
  'sync.failed': { id: 'SyncFailedEvent', data: syncData, when: 'A scheduled sync run failed (run.error says why).' },
  'sync.empty': { id: 'SyncEmptyEvent', data: syncData, when: 'A scheduled sync run got no data where earlier runs had data.' },
  'sync.succeeded': { id: 'SyncSucceededEvent', data: syncData, when: 'A scheduled sync run wrote its KPIs (every run: subscribe only if you want them all).' },
  'backfill.completed': {
    id: 'BackfillCompletedEvent',
    data: z.object({ ...withConnection, backfill: backfillSummarySchema }),
    when: 'A backfill wrote every day of its range.',
  },
} satisfies Partial<Record<EventType, { id: string; data: z.ZodType; when: string }>>;

export type ConnectionEventType = keyof typeof connectionEventCatalog;
export type ConnectionEventData<T extends ConnectionEventType> = z.infer<(typeof connectionEventCatalog)[T]['data']>;

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
