/** Who a user follows (the following feed's input). */
export interface ListFollowingQuery {
  userId: string;
  /** 1-1000. */
  limit: number;
}
