import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { AuditEventRow, AuditEventUpdate, NewAuditEvent } from '../tables/audit-events.js';
import { decodeCursor, idCursor, pageOf } from '../cursor.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Appends an event; answers its id. */
export async function recordAuditEvent(db: Db, event: NewAuditEvent): Promise<string> {
  const { id } = await db.insertInto('audit_events').values(event).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Fills in how a `pending` event (recorded before acting) went; nothing else of it changes. */
export async function completeAuditEvent(db: Db, id: string, outcome: Pick<AuditEventUpdate, 'outcome' | 'status_code' | 'connection_id'>): Promise<void> {
  await db.updateTable('audit_events').set(outcome).where('id', '=', id).where('outcome', '=', 'pending').execute();
}

export async function listAuditEvents(
  db: Db,
  filter: { tenantId: string | null; connectionId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: AuditEventRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('audit_events').selectAll();
  if (filter.tenantId !== null) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId);
  if (filter.cursor) query = query.where('id', '<', decodeCursor(filter.cursor, idCursor)[0]);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit + 1).execute();
  return pageOf(rows, filter.limit, (last) => [last.id]);
}
