import { z } from 'zod';
import { bigintId } from './values.js';

/** Opaque keyset cursor: the sort key of the last item, base64url JSON. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/**
 * The parts of a cursor this API issued, parsed strictly by the list's own tuple (timestamps,
 * uuids, bigint ids, days): a tampered cursor is the caller's error, never a value that
 * Postgres refuses.
 */
export function decodeCursor<T extends z.ZodTuple>(cursor: string, parts: T): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = parts.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new InvalidCursorError('cursor is not one this API issued; pass nextCursor from the previous page unchanged');
}

/** The cursor of a newest-first list keyed by a bigint id (sync runs, audit events). */
export const idCursor = z.tuple([bigintId]);

/** Cuts a page from rows fetched with `limit + 1`, and names the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => (string | number)[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
