import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The hash of a random value kept in a cookie of the browser that opened the authorization
  // (GET /v1/oauth/start): the callback is accepted only from that browser. Null until then.
  await db.schema.alterTable('oauth_states').addColumn('browser_hash', 'text').execute();
  // Links handed out before this change went straight to the provider and no browser can ever be
  // bound to them: they keep working as before until they expire (an hour by default). The
  // literal is db/repositories/oauth-states.ts's UNBOUND_LEGACY (migrations import no app code).
  await db
    .updateTable('oauth_states')
    .set({ browser_hash: 'issued-before-browser-binding' })
    .where('used_at', 'is', null)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oauth_states').dropColumn('browser_hash').execute();
}
