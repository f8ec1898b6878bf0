/** A delete request once validated by the contract. */
export interface DeleteCommentCommand {
  commentId: string;
  /** The signed-in user asking (the gateway takes it from the access token). */
  requesterId: string;
}
