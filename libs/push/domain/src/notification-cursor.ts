import { idCursor } from '@newsreel/shared-contracts';

/**
 * Inbox cursors: the id of the last notification of a page, opaque to clients. Ids are
 * time-ordered (UUIDv7 layout), so "older than the cursor" is "id less than the cursor's id".
 */
const notificationCursor = idCursor('v1');

/** The cursor that continues an inbox after `lastId`. */
export const encodeCursor = notificationCursor.encode;
/** The id inside an inbox cursor, or `undefined` when {@link encodeCursor} did not make it. */
export const decodeCursor = notificationCursor.decode;
