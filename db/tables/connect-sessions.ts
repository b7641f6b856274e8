import type { Generated, Insertable, JSONColumnType, Selectable } from 'kysely';
import type { EndUser } from '../../domain/connection.js';

/** What the tenant set, when it opened the session, for the connection the session creates. */
export interface ConnectionSettings {
  name?: string;
  syncIntervalMinutes?: number;
  initialHistoryDays?: number;
}

/** The host product the Connect page speaks for (issue 23); checked by the API before it is stored. */
export interface Branding {
  productName: string;
  logoUrl?: string;
  accentColor?: string;
}

export interface ConnectSessionsTable {
  /** sha256 of the token; the token itself is never stored. */
  token_hash: string;
  tenant_id: string;
  /** The API key that opened the session: every action taken with it is audited under this key. */
  created_by_key_id: string;
  /** Slugs the session may connect; null: the whole catalog. */
  allowed_integrations: JSONColumnType<string[] | null, string | null, string | null>;
  end_user: JSONColumnType<EndUser | null, string | null, string | null>;
  /** The one connection the session may touch; null until its create. */
  connection_id: string | null;
  return_url: string | null;
  connection_settings: JSONColumnType<ConnectionSettings | null, string | null, string | null>;
  /** Null: the page speaks as Onramp. */
  branding: JSONColumnType<Branding | null, string | null | undefined, string | null>;
  expires_at: Date;
  created_at: Generated<Date>;
}

export type ConnectSessionRow = Selectable<ConnectSessionsTable>;
export type NewConnectSession = Insertable<ConnectSessionsTable>;
