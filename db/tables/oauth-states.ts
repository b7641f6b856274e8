import type { Generated, Insertable, Selectable } from 'kysely';

export interface OAuthStatesTable {
  /** sha256 of the `state` sent to the provider; the state itself is never stored. */
  state_hash: string;
  connection_id: string;
  tenant_id: string;
  /** Sealed PKCE verifier; wiped once the code is exchanged. */
  code_verifier_encrypted: string | null;
  return_url: string | null;
  /** sha256 of the value in the cookie of the browser that opened the authorization; null until one did. */
  browser_hash: string | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export type OAuthStateRow = Selectable<OAuthStatesTable>;
export type NewOAuthState = Insertable<OAuthStatesTable>;
