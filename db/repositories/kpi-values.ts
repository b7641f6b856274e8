import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import type { KpiValueRow, NewKpiValue } from '../tables/kpi-values.js';
import { z } from 'zod';
import { decodeCursor, pageOf } from '../cursor.js';
import { calendarDay, text } from '../values.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * One statement per sync run, whatever the number of KPIs: a retried activity or a replayed
 * workflow writes the same (connection, key, period) again and leaves exactly one row.
 */
export async function upsertKpiValues(db: Db, rows: NewKpiValue[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('kpi_values')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['connection_id', 'kpi_key', 'period_start']).doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        unit: eb.ref('excluded.unit'),
        granularity: eb.ref('excluded.granularity'),
        sync_run_id: eb.ref('excluded.sync_run_id'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** Whether the connection has values that another run wrote: a run that wrote none is then `empty`. */
export async function hasKpisBesidesRun(db: Db, connectionId: string, syncRunId: string): Promise<boolean> {
  const row = await db
    .selectFrom('kpi_values')
    .select('connection_id')
    .where('connection_id', '=', connectionId)
    .where('sync_run_id', '!=', syncRunId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

const listCursor = z.tuple([calendarDay, z.uuid(), text()]);

export interface KpiFilter {
  tenantId: string | null;
  connectionId?: string | undefined;
  key?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listKpiValues(
  db: Db,
  filter: KpiFilter,
): Promise<{ items: KpiValueRow[]; nextCursor: string | null }> {
  let query = db.selectFrom('kpi_values').selectAll();
  if (filter.tenantId !== null) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId);
  if (filter.key) query = query.where('kpi_key', '=', filter.key);
  if (filter.from) query = query.where('period_start', '>=', filter.from);
  if (filter.to) query = query.where('period_start', '<=', filter.to);
  if (filter.cursor) {
    const [period, connectionId, key] = decodeCursor(filter.cursor, listCursor);
    query = query.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('period_start', 'connection_id', 'kpi_key'), '>', tuple(period, connectionId, key)),
    );
  }
  const rows = await query
    .orderBy('period_start', 'asc')
    .orderBy('connection_id', 'asc')
    .orderBy('kpi_key', 'asc')
    .limit(filter.limit + 1)
    .execute();
  return pageOf(rows, filter.limit, (last) => [last.period_start, last.connection_id, last.kpi_key]);
}

/** The newest value of each KPI key, per connection. */
export async function latestKpiValues(
  db: Db,
  filter: { tenantId: string | null; connectionId?: string | undefined },
): Promise<KpiValueRow[]> {
  let query = db
    .selectFrom('kpi_values')
    .selectAll()
    .distinctOn(['connection_id', 'kpi_key'])
    .orderBy('connection_id')
    .orderBy('kpi_key')
    .orderBy('period_start', 'desc');
  if (filter.tenantId !== null) query = query.where('tenant_id', '=', filter.tenantId);
  if (filter.connectionId) query = query.where('connection_id', '=', filter.connectionId);
  return query.execute();
}
