/** `followerId` starts following `followeeId`. */
export interface FollowCommand {
  /** The acting user (the gateway passes the authenticated user's id). */
  followerId: string;
  followeeId: string;
}
