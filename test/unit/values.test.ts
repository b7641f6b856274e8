import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, idCursor, InvalidCursorError } from '../../db/cursor.js';
import { bigintId } from '../../db/values.js';

describe('bigint ids from outside (cursors)', () => {
  it('refuses what is not digits, or beyond a bigint, without throwing', () => {
    for (const value of ['abc', '\u0084', '', '-1', '9223372036854775808']) expect(bigintId.safeParse(value).success).toBe(false);
    expect(bigintId.safeParse('9223372036854775807').success).toBe(true);
    // A tampered cursor is the caller's error (a 400), never an exception from the parse.
    expect(() => decodeCursor(encodeCursor(['abc']), idCursor)).toThrow(InvalidCursorError);
  });
});
