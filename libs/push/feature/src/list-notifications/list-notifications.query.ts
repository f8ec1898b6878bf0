/** One page of a user's inbox, once validated by the contract. */
export interface ListNotificationsQuery {
  userId: string;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  /** 1-50. */
  limit: number;
}
