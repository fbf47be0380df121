import { z } from 'zod';
import { DomainError } from './errors.ts';

/** 400: the cursor is not a next_cursor this service handed out for this listing. */
export class InvalidCursor extends DomainError {
  constructor() {
    super('invalid_cursor', 'cursor is not a next_cursor value from a previous page of this listing');
  }
}

// Far above any cursor this service writes (~110 characters); checked before anything is decoded.
const MAX_CURSOR_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Opaque page cursors: base64url of JSON naming the listing (`k`) and the position, decoded strictly. A cursor decodes
 * only if it has the listing's exact shape (zod, strict) and encodes back to the very same text, so truncation, flipped
 * bits, another listing's cursor and junk all fail the same way: InvalidCursor (400 invalid_cursor). Unsigned on
 * purpose: a position is no secret and a forged one can only start a page the client may list anyway; a signature
 * would need a key shared by every instance and would break cursors on rotation.
 */
export function cursorCodec<S extends z.ZodRawShape>(kind: string, position: S) {
  const shape = z.object({ k: z.literal(kind), ...position }).strict();
  type Position = z.output<z.ZodObject<S>>;
  const encode = (value: Position): string => Buffer.from(JSON.stringify({ k: kind, ...value }), 'utf8').toString('base64url');
  const decode = (cursor: string): Position => {
    if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursor();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidCursor();
    }
    const checked = shape.safeParse(parsed);
    if (!checked.success) throw new InvalidCursor();
    const { k: _kind, ...value } = checked.data as { k: string } & Position;
    if (encode(value as Position) !== cursor) throw new InvalidCursor();
    return value as Position;
  };
  return { encode, decode };
}
