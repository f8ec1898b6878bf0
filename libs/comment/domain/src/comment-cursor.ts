import { idCursor } from '@newsreel/shared-contracts';

/**
 * Comment-list cursors: the id of the last comment of a page, opaque to clients. Ids are UUIDv7,
 * so "newer than the cursor" is simply "id greater than the cursor's id". The `c1:` prefix keeps
 * a video feed cursor from being accepted here.
 */
const commentCursor = idCursor('c1');

/** The cursor that continues a comment list after `lastId`. */
export const encodeCommentCursor = commentCursor.encode;
/** The id inside a cursor, or `undefined` when {@link encodeCommentCursor} did not make it. */
export const decodeCommentCursor = commentCursor.decode;
