import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any> and import no app code: they must keep working as the app changes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connections')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('integration', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('credentials_encrypted', 'text')
    .addColumn('onboarding_step', 'text', (c) => c.notNull())
    .addColumn('onboarding_state', 'text', (c) => c.notNull())
    .addColumn('onboarding_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('onboarding_last_error', 'jsonb')
    .addColumn('onboarding_updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sync_interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('last_sync_at', 'timestamptz')
    .addColumn('last_sync_status', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Listing is by tenant, newest first, with (created_at, id) as the cursor.
  await db.schema
    .createIndex('connections_tenant_created_idx')
    .on('connections')
    .columns(['tenant_id', 'created_at desc', 'id desc'])
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('connections.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('workflow_run_id', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('window_end', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('kpis_written', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'jsonb')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('duration_ms', 'integer')
    .addUniqueConstraint('sync_runs_workflow_run_uq', ['workflow_id', 'workflow_run_id'])
    .execute();
  await db.schema
    .createIndex('sync_runs_connection_started_idx')
    .on('sync_runs')
    .columns(['connection_id', 'started_at desc'])
    .execute();

  await db.schema
    .createTable('kpi_values')
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('connections.id'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('kpi_key', 'text', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('sync_run_id', 'bigint')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The idempotency guarantee of every sync: one row per connection, KPI and period.
    .addPrimaryKeyConstraint('kpi_values_pk', ['connection_id', 'kpi_key', 'period_start'])
    .execute();
  await db.schema
    .createIndex('kpi_values_tenant_key_period_idx')
    .on('kpi_values')
    .columns(['tenant_id', 'kpi_key', 'period_start desc'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_fingerprint', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('connections.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['idempotency_keys', 'kpi_values', 'sync_runs', 'connections']) {
    await db.schema.dropTable(table).execute();
  }
}
