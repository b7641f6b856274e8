import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../../api/app.js';
import type { Database } from '../../db/schema.js';
import { createApiDeps, type RuntimeConfig } from '../../wiring/compose.js';
import { testConfig } from './config.js';
import { createTestDatabase } from './database.js';
import { connectTestTemporal } from './temporal.js';

/** The usual three keys of API tests: two client tenants and one support key. */
export function threeKeys(prefix: string) {
  const keys = {
    acme: `${prefix}-acme-key-0000000001`,
    globex: `${prefix}-globex-key-000000002`,
    support: `${prefix}-support-key-00000003`,
  };
  const apiKeys: RuntimeConfig['apiKeys'] = [
    { key: keys.acme, tenant: 'acme', role: 'client' },
    { key: keys.globex, tenant: 'globex', role: 'client' },
    { key: keys.support, tenant: '*', role: 'support' },
  ];
  return { keys, apiKeys };
}

/**
 * The API alone (buildApp, for inject) on its own database and the run's Temporal server. No
 * worker polls its task queue: onboarding starts but does not run, which is all API tests need.
 */
export async function startTestApi(config: Partial<RuntimeConfig>): Promise<{
  app: FastifyInstance;
  db: Kysely<Database>;
  databaseUrl: string;
  temporal: Awaited<ReturnType<typeof connectTestTemporal>>;
  close(): Promise<void>;
}> {
  const { db, url: databaseUrl } = await createTestDatabase();
  const temporal = await connectTestTemporal();
  const app = await buildApp(createApiDeps({ config: testConfig(config), db, databaseUrl, client: temporal.client }));
  return {
    app,
    db,
    databaseUrl,
    temporal,
    async close() {
      await app.close();
      await temporal.close();
      await db.destroy();
    },
  };
}
