import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';
import type { EventType } from '../../domain/events.js';

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
