/**
 * How long a copied counter lives. Every change writes the copy through, so this only bounds two
 * things: memory for videos nobody reads any more, and how long a copy stays stale after a
 * write-through was lost (Redis unreachable at that moment) on a video that then sees no change.
 */
export const LIKE_COUNT_TTL_MS = 10 * 60_000;
