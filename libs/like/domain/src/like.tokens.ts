/** DI token of the `LikeRepository` port. */
export const LIKE_REPOSITORY = Symbol('LIKE_REPOSITORY');
/** DI token of the `LikeCountCache` port. */
export const LIKE_COUNT_CACHE = Symbol('LIKE_COUNT_CACHE');
