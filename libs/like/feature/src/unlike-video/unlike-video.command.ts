/** `userId` takes back their like of `videoId`. */
export interface UnlikeVideoCommand {
  userId: string;
  videoId: string;
  /** Carried into `like.removed.v1`. */
  videoAuthorId: string;
}
