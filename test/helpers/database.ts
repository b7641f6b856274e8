import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, migrateToLatest } from '../../db/database.js';

/** A fresh, migrated database for one test file, on the run's shared Postgres. */
export async function createTestDatabase() {
  const template = inject('postgresUrlTemplate');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: template.replace('{db}', 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = template.replace('{db}', name);
  const db = createDatabase(url, { max: 5 });
  await migrateToLatest(db);
  return { db, url };
}
