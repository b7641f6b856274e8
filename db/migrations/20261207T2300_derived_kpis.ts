import { sql, type Kysely } from 'kysely';

/**
 * Derived KPIs (domain/derived-kpis.ts) per tenant and period: not in kpi_values, whose rows
 * belong to one connection, since a derived value is made from several. A row is kept also when
 * there is no value (an input missing, ÷ 0): the status says why, and `provenance` names the
 * connections and runs whose rows went in.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('derived_kpi_values')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kpi_key', 'text', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('granularity', 'text', (c) => c.notNull().check(sql`granularity in ('day', 'month')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('current', 'needs_inputs', 'not_defined', 'mixed_units')`))
    .addColumn('value', 'double precision')
    .addColumn('unit', 'text')
    .addColumn('missing', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('provenance', 'jsonb', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('derived_kpi_values_pk', ['tenant_id', 'kpi_key', 'period_start'])
    .addCheckConstraint('derived_kpi_values_value_iff_current', sql`(status = 'current') = (value is not null)`)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('derived_kpi_values').execute();
}
