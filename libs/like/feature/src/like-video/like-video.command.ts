/** `userId` likes `videoId`; the gateway checked the video exists and passes its author. */
export interface LikeVideoCommand {
  userId: string;
  videoId: string;
  /** Carried into `like.created.v1`, so consumers (push) need not ask the video service. */
  videoAuthorId: string;
}
