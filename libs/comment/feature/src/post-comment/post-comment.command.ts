/** What a post carries once validated by the contract (text trimmed, 1-500 characters). */
export interface PostCommentCommand {
  videoId: string;
  /** Checked by the gateway against the video service; stored for delete permissions. */
  videoAuthorId: string;
  authorId: string;
  text: string;
  /** The comment this one replies to (any comment on the same video, replies included). */
  parentId?: string;
}
