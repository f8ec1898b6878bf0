/**
 * The (userId, videoId) like already exists: a concurrent like committed first. Thrown by
 * `LikeTransaction.insert`; the transaction is void (on PostgreSQL the failed statement aborts
 * it), so callers catch it outside the transaction and treat the like as already done.
 */
export class LikeAlreadyExistsError extends Error {
  override readonly name = 'LikeAlreadyExistsError';

  constructor(
    readonly userId: string,
    readonly videoId: string,
    options?: ErrorOptions,
  ) {
    super(`User ${userId} already likes video ${videoId}`, options);
  }
}
