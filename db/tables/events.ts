import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';

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
  'sync.succeeded',
  'backfill.completed',
  'webhook_endpoint.disabled',
  'ping',
] as const;
export type EventType = (typeof eventTypes)[number];

export interface EventsTable {
  sequence: Generated<string>;
  /** `evt_` + a random UUID: the `webhook-id` receivers deduplicate on. */
  id: string;
  type: EventType;
  tenant_id: string;
  connection_id: string | null;
  created_at: Generated<Date>;
  /** The event's `data`: never credentials. */
  data: JSONColumnType<Record<string, unknown>>;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
