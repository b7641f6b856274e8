import { z } from 'zod';
import { backfillSchema } from './backfill.js';
import { connectionSchema, lastErrorSchema } from './connection.js';
import { syncRunSchema } from './sync-run.js';

/** Every outbound event type; `webhook_endpoint.disabled` and `ping` are about endpoints, not connections. */
export const eventTypes = [
  'connection.created',
  'connection.active',
  'connection.failed',
  'connection.error',
  'connection.recovered',
  'connection.paused',
  'connection.resumed',
  'connection.disconnected',
  'connection.reauthorization_required',
  'sync.failed',
  'sync.empty',
  'sync.partial',
  'sync.succeeded',
  'backfill.completed',
  'webhook_endpoint.disabled',
  'ping',
] as const;
export type EventType = (typeof eventTypes)[number];

// The data of the events about connections, syncs and backfills: the worker and the API record
// them from these, and the OpenAPI document publishes them (api/event-schemas.ts). Every one
// carries the connection exactly as GET /v1/connections/:id answers it.

const withConnection = { connection: connectionSchema };
const connectionData = z.object(withConnection);
const becauseData = (why: string) => z.object({ ...withConnection, lastError: lastErrorSchema.describe(why) });

export const syncRunSummarySchema = syncRunSchema.pick({ id: true, window: true, kpisWritten: true, error: true, missingPeriods: true });
const syncData = z.object({ ...withConnection, run: syncRunSummarySchema });

export const backfillSummarySchema = backfillSchema.pick({ id: true, from: true, to: true, kpisWritten: true });

export const connectionEventData = {
  'connection.created': connectionData,
  'connection.active': connectionData,
  'connection.failed': becauseData('Why onboarding failed and what to do next (also in connection.onboarding.lastError).'),
  'connection.error': becauseData('Why syncs need a person: the last run\'s error (also in connection.sync.lastError).'),
  'connection.recovered': connectionData,
  'connection.paused': connectionData,
  'connection.resumed': connectionData,
  'connection.disconnected': connectionData,
  'connection.reauthorization_required': becauseData('The provider refused the authorization (OAuth invalid_grant); the hint says how to re-authorize.'),
  'sync.failed': syncData,
  'sync.empty': syncData,
  'sync.partial': syncData,
  'sync.succeeded': syncData,
  'backfill.completed': z.object({ ...withConnection, backfill: backfillSummarySchema }),
} satisfies Partial<Record<EventType, z.ZodType>>;

export type ConnectionEventType = keyof typeof connectionEventData;
export type ConnectionEventData<T extends ConnectionEventType> = z.infer<(typeof connectionEventData)[T]>;
