const UUID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

/** Encodes and decodes the opaque cursors of one kind of list. */
export interface IdCursor {
  /** The cursor that continues after `lastId`. */
  encode: (lastId: string) => string;
  /** The id inside a cursor, or `undefined` when this codec did not make it. */
  decode: (cursor: string) => string | undefined;
}

/**
 * Cursors for keyset pagination over time-ordered (UUIDv7) ids: the last id of a page,
 * base64url-encoded with a `prefix`, so clients treat them as opaque, cannot build them by hand,
 * and a cursor of one list (`c1:` comments) is refused by another (`v1:` feeds). Decoding accepts
 * only `<prefix>:<uuid>`, so nothing else ever reaches a query.
 */
export function idCursor(prefix: string): IdCursor {
  const pattern = new RegExp(`^${prefix}:${UUID}$`);
  return {
    encode: (lastId) => Buffer.from(`${prefix}:${lastId}`).toString('base64url'),
    decode: (cursor) => pattern.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1],
  };
}
