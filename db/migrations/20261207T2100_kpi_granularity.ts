import { sql, type Kysely } from 'kysely';

/**
 * KPI values say how long their period is: a day (every value written so far) or a calendar
 * month (accounting ledgers). Raw metrics (`<provider>.<metric>`) share the table; their keys
 * already fit `kpi_key`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('kpi_values')
    .addColumn('granularity', 'text', (c) => c.notNull().defaultTo('day').check(sql`granularity in ('day', 'month')`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('kpi_values').dropColumn('granularity').execute();
}
