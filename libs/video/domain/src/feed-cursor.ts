import { idCursor } from '@newsreel/shared-contracts';

/**
 * Feed cursors: the id of the last video of a page, opaque to clients. Ids are UUIDv7, so
 * "older than the cursor" is simply "id less than the cursor's id".
 */
const feedCursor = idCursor('v1');

/** The cursor that continues a feed after `lastId`. */
export const encodeCursor = feedCursor.encode;
/** The id inside a feed cursor, or `undefined` when {@link encodeCursor} did not make it. */
export const decodeCursor = feedCursor.decode;
