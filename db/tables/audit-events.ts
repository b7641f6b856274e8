import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface AuditEventsTable {
  id: Generated<string>;
  at: Generated<Date>;
  /** A short hash of the API key ("operator" for commands run on a server). */
  actor_key_id: string;
  actor_role: string;
  tenant_id: string | null;
  connection_id: string | null;
  action: string;
  /** `pending`: recorded before acting; the outcome follows once the action answered. */
  outcome: 'pending' | 'ok' | 'rejected' | 'error';
  status_code: number | null;
}

export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type AuditEventUpdate = Updateable<AuditEventsTable>;
