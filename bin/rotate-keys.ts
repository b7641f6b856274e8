/**
 * `npm run rotate-keys`: re-seal every stored secret under ONRAMP_CREDENTIALS_KEY.
 * Steps: put the new key in ONRAMP_CREDENTIALS_KEY and the old one in
 * ONRAMP_PREVIOUS_CREDENTIALS_KEYS on every API and worker, restart them, run this, then drop
 * the old key. Safe to run while syncs run, and to run again.
 */
import { createDatabase } from '../db/database.js';
import { recordAuditEvent } from '../db/repositories/audit-events.js';
import { ConfigError, loadConfig } from '../wiring/config.js';
import { createSecretBox } from '../platform/crypto.js';
import { rotateCredentialKeys } from '../platform/rotate-keys.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, { dev: false });
  if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL: required to rotate keys']);
  const db = createDatabase(config.databaseUrl, { max: 2 });
  try {
    const secrets = createSecretBox(config.credentialsKey, config.previousCredentialsKeys);
    const report = await rotateCredentialKeys(db, secrets);
    await recordAuditEvent(db, {
      actor_key_id: 'operator',
      actor_role: 'operator',
      tenant_id: null,
      connection_id: null,
      action: 'keys.rotate',
      outcome: 'ok',
      status_code: null,
    });
    console.log(
      `re-sealed under key ${secrets.keyId}: ${report.connections} connection credentials, ${report.oauthVerifiers} OAuth verifiers, ${report.webhookEndpoints} webhook endpoints' signing secrets; ${report.alreadyCurrent} were already current`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
