/** `followerId` stops following `followeeId`. */
export interface UnfollowCommand {
  followerId: string;
  followeeId: string;
}
