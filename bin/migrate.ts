/** `npm run migrate`: brings DATABASE_URL's schema to the latest migration, then exits. */
import { createDatabase, migrateToLatest } from '../db/database.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: point it at the Postgres to migrate (npm run dev migrates its own).');
  process.exit(1);
}
const db = createDatabase(url, { max: 1 });
try {
  const result = await migrateToLatest(db);
  const applied = result.results?.map((r) => r.migrationName) ?? [];
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema already up to date');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
