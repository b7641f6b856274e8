import type { EndUser } from '../domain/connection.js';
import type { Branding, ConnectionSettings } from '../db/tables/connect-sessions.js';

// Who is calling, as the API knows them once authentication has decided: a key's tenant and
// role, or an end user's Connect session. Both the authentication plugin and the Connect
// sessions use these; neither needs the other for them.

export const roles = ['client', 'support'] as const;
export type Role = (typeof roles)[number];

/** One configured API key (ONRAMP_API_KEYS); `label` names who holds it ("Ada, support desk"). */
export type ApiKey = { key: string; tenant: string; role: Role; label?: string };

/** What a Connect session lets its holder do. */
export interface ConnectSessionGrant {
  tokenHash: string;
  /** The only connection this session may touch; null until it has created one. */
  connectionId: string | null;
  /** Slugs it may connect; null: the whole catalog. */
  allowedIntegrations: string[] | null;
  endUser: EndUser | null;
  returnUrl: string | null;
  /** The tenant's choices for the connection this session creates (name, interval, history). */
  connectionSettings: ConnectionSettings | null;
  /** The host product the page speaks for; null: Onramp. */
  branding: Branding | null;
  /** Its connection is active: the session may read, no longer change anything. */
  connectionActive: boolean;
  expiresAt: Date;
}

export interface Principal {
  /** A short hash of the key: safe to log and audit, useless to an attacker. */
  keyId: string;
  tenantId: string;
  role: Role;
  /** Who holds the key, when ONRAMP_API_KEYS names them: shown beside the key id in the console and the audit trail. */
  label?: string;
  /** Set when the request came with the support console's session cookie, not a key. */
  via?: 'console-session';
  /** Set when the request came with a Connect session token rather than an API key. */
  connectSession?: ConnectSessionGrant;
}
