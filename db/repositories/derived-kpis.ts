import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { InputSum } from '../../domain/derived-kpis.js';
import type { Database } from '../schema.js';
import type { DerivedKpiValueRow, NewDerivedKpiValue } from '../tables/derived-kpi-values.js';
import { decodeCursor, pageOf } from '../cursor.js';
import { calendarDay, text } from '../values.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Serialises the recomputation of one tenant's derived KPIs until the transaction ends: two syncs
 * feeding the same month (Xero's and Stripe's) each read the other's rows only once committed, so
 * without it both could compute from a half-written pair and the later commit would keep a stale
 * value. With it, whichever computes second sees both.
 */
export async function lockTenantDerivedKpis(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`derived-kpis:${tenantId}`}, 0))`.execute(trx);
}

/**
 * A metric's total over [from, to) per live connection of the tenant (disconnected ones no longer
 * count: their history stays, but it is no longer the tenant's current source), with the runs that
 * wrote the rows.
 */
export async function inputSums(
  db: Db,
  filter: { tenantId: string; metric: string; from: string; to: string },
): Promise<(InputSum & { syncRunIds: string[] })[]> {
  const rows = await db
    .selectFrom('kpi_values as k')
    .innerJoin('connections as c', 'c.id', 'k.connection_id')
    .select((eb) => [
      'k.connection_id as connectionId',
      'k.unit as unit',
      eb.fn.sum<number>('k.value').as('value'),
      sql<(string | null)[]>`array_agg(distinct k.sync_run_id::text order by k.sync_run_id::text)`.as('syncRunIds'),
    ])
    .where('k.tenant_id', '=', filter.tenantId)
    .where('k.kpi_key', '=', filter.metric)
    .where('k.period_start', '>=', filter.from)
    .where('k.period_start', '<', filter.to)
    .where('c.status', '<>', 'disconnected')
    .groupBy(['k.connection_id', 'k.unit'])
    .orderBy('k.connection_id')
    .execute();
  return rows.map((r) => ({ connectionId: r.connectionId, unit: r.unit, value: Number(r.value), syncRunIds: r.syncRunIds.filter((id): id is string => id !== null) }));
}

/** One value per (tenant, KPI, period): recomputing the same inputs writes the same row again. */
export async function upsertDerivedKpiValue(db: Db, row: NewDerivedKpiValue): Promise<void> {
  await db
    .insertInto('derived_kpi_values')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'kpi_key', 'period_start']).doUpdateSet((eb) => ({
        granularity: eb.ref('excluded.granularity'),
        status: eb.ref('excluded.status'),
        value: eb.ref('excluded.value'),
        unit: eb.ref('excluded.unit'),
        missing: eb.ref('excluded.missing'),
        provenance: eb.ref('excluded.provenance'),
        computed_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

/** A derived value as read: `stale` when a connection whose rows went into it has been disconnected since. */
export type DerivedKpiValueView = DerivedKpiValueRow & { stale: boolean };

const staleColumn = sql<boolean>`exists (
  select 1 from jsonb_array_elements(d.provenance -> 'inputs') as i
  join connections c on c.id = (i ->> 'connectionId')::uuid
  where c.status = 'disconnected')`.as('stale');

const listCursor = z.tuple([calendarDay, text(), text()]);

export async function listDerivedKpiValues(
  db: Db,
  filter: { tenantId: string | null; key?: string | undefined; from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: DerivedKpiValueView[]; nextCursor: string | null }> {
  let query = db.selectFrom('derived_kpi_values as d').selectAll('d').select(staleColumn);
  if (filter.tenantId !== null) query = query.where('d.tenant_id', '=', filter.tenantId);
  if (filter.key) query = query.where('d.kpi_key', '=', filter.key);
  if (filter.from) query = query.where('d.period_start', '>=', filter.from);
  if (filter.to) query = query.where('d.period_start', '<=', filter.to);
  if (filter.cursor) {
    const [period, tenant, key] = decodeCursor(filter.cursor, listCursor);
    query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('d.period_start', 'd.tenant_id', 'd.kpi_key'), '>', tuple(period, tenant, key)));
  }
  const rows = await query.orderBy('d.period_start').orderBy('d.tenant_id').orderBy('d.kpi_key').limit(filter.limit + 1).execute();
  return pageOf(rows, filter.limit, (last) => [last.period_start, last.tenant_id, last.kpi_key]);
}

/** The newest period of each derived KPI of a tenant. */
export async function latestDerivedKpiValues(db: Db, tenantId: string): Promise<DerivedKpiValueView[]> {
  return db
    .selectFrom('derived_kpi_values as d')
    .selectAll('d')
    .select(staleColumn)
    .distinctOn('d.kpi_key')
    .where('d.tenant_id', '=', tenantId)
    .orderBy('d.kpi_key')
    .orderBy('d.period_start', 'desc')
    .execute();
}

/** The integrations the tenant has a live (not disconnected) connection of. */
export async function liveIntegrations(db: Db, tenantId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('connections').select('integration').distinct().where('tenant_id', '=', tenantId).where('status', '<>', 'disconnected').execute();
  return new Set(rows.map((r) => r.integration));
}
