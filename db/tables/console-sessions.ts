import type { Generated, Insertable, Selectable } from 'kysely';

export interface ConsoleSessionsTable {
  /** sha256 of the session id the cookie holds; the id itself is never stored. */
  id_hash: string;
  /** The support key that signed in: the session acts, and is audited, as it. */
  key_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export type ConsoleSessionRow = Selectable<ConsoleSessionsTable>;
export type NewConsoleSession = Insertable<ConsoleSessionsTable>;
