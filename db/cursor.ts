/** Opaque keyset cursor: the sort key of the last item, base64url JSON. */
export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

export function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string')) {
      return parts as string[];
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError('cursor is not one this API issued; pass nextCursor from the previous page unchanged');
}

/** The id a newest-first cursor points below (bigint ids, as strings). */
export function decodeIdCursor(cursor: string): string {
  const [id] = decodeCursor(cursor, 1) as [string];
  if (!/^\d+$/.test(id)) throw new InvalidCursorError('cursor is not one this API issued');
  return id;
}

/** Cuts a page from rows fetched with `limit + 1`, and names the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => (string | number)[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
