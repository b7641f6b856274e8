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
