/** Who follows a user (the input of push's fan-out of a new video). */
export interface ListFollowersQuery {
  userId: string;
  /** 1-10000. */
  limit: number;
}
