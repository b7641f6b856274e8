import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findConnectSession, hashSessionToken, insertConnectSession } from '../db/repositories/connect-sessions.js';
import type { Database } from '../db/schema.js';
import type { Branding, ConnectionSettings } from '../db/tables/connect-sessions.js';
import type { AppDeps } from './deps.js';
import type { EndUser } from '../domain/connection.js';
import type { ConnectSessionGrant, Principal } from './principal.js';

/**
 * Connect sessions: the one credential a browser page holds for an end user. A token is bound
 * to one tenant, the integrations it may connect and the one connection it creates or fixes;
 * only its hash is stored. The prefix tells it apart from an API key without a lookup.
 */
export const SESSION_TOKEN_PREFIX = 'ocs_';

export const isSessionToken = (token: string) => token.startsWith(SESSION_TOKEN_PREFIX);

export const mayConnect = (grant: ConnectSessionGrant, slug: string) =>
  grant.allowedIntegrations === null || grant.allowedIntegrations.includes(slug);

/** What the page shows when a link no longer works: what happened and what to do. */
export const sessionRefusals = {
  unknown: 'This link is not valid: ask the application that sent you here for a new one.',
  expired: 'This link has expired: ask the application that sent you here for a new one.',
  usedUp: 'This link has been used up (its connection was disconnected): ask the application that sent you here for a new one.',
  outOfScope: 'A Connect session may only connect and follow its own connection; use an API key for anything else.',
  readOnly: 'This connection is set up and working: this link can now only show it. To change its sign-in or settings, ask the application that sent you here.',
} as const;

/**
 * The principal a session token stands for, or why it is refused. Actions taken with it act as
 * the tenant (role client) and are audited under the key that opened the session.
 */
export async function identifyConnectSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<{ principal: Principal } | { refused: string }> {
  const row = await findConnectSession(db, hashSessionToken(token));
  if (!row) return { refused: sessionRefusals.unknown };
  if (row.expires_at <= now) return { refused: sessionRefusals.expired };
  let status: string | undefined;
  if (row.connection_id) {
    status = (await db.selectFrom('connections').select('status').where('id', '=', row.connection_id).executeTakeFirst())?.status;
    if (status === 'disconnected') return { refused: sessionRefusals.usedUp };
  }
  return {
    principal: {
      keyId: row.created_by_key_id,
      tenantId: row.tenant_id,
      role: 'client',
      connectSession: {
        tokenHash: row.token_hash,
        connectionId: row.connection_id,
        allowedIntegrations: row.allowed_integrations,
        endUser: row.end_user,
        returnUrl: row.return_url,
        connectionSettings: row.connection_settings,
        branding: row.branding ?? null,
        connectionActive: status === 'active',
        expiresAt: row.expires_at,
      },
    },
  };
}

export interface NewSession {
  allowedIntegrations: string[] | null;
  endUser: EndUser | null;
  connectionId: string | null;
  returnUrl: string | null;
  connectionSettings: ConnectionSettings | null;
  branding: Branding | null;
}

/** Opens a session for the tenant of `creator`; the token is answered once and never stored. */
export async function openConnectSession(
  deps: Pick<AppDeps, 'db' | 'connectSessions'>,
  creator: Principal,
  session: NewSession,
): Promise<{ token: string; url: string; expiresAt: string }> {
  const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + deps.connectSessions.ttlMs);
  await insertConnectSession(deps.db, {
    token_hash: hashSessionToken(token),
    tenant_id: creator.tenantId,
    created_by_key_id: creator.keyId,
    allowed_integrations: session.allowedIntegrations ? JSON.stringify(session.allowedIntegrations) : null,
    end_user: session.endUser ? JSON.stringify(session.endUser) : null,
    connection_id: session.connectionId,
    return_url: session.returnUrl,
    connection_settings: session.connectionSettings ? JSON.stringify(session.connectionSettings) : null,
    branding: session.branding ? JSON.stringify(session.branding) : null,
    expires_at: expiresAt,
  });
  // In the fragment: browsers never send it to a server, so it stays out of every access log.
  return { token, url: `${deps.connectSessions.pageUrl}#session=${token}`, expiresAt: expiresAt.toISOString() };
}
