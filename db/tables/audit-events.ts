import type { Generated, Insertable, Selectable } from 'kysely';

export interface AuditEventsTable {
  id: Generated<string>;
  at: Generated<Date>;
  /** A short hash of the API key ("operator" for commands run on a server). */
  actor_key_id: string;
  actor_role: string;
  tenant_id: string | null;
  connection_id: string | null;
  action: string;
  outcome: 'ok' | 'rejected' | 'error';
  status_code: number | null;
}

export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
