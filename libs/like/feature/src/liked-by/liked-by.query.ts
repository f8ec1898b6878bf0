/** Which of `videoIds` has `userId` liked (the feed's `likedByMe`)? */
export interface LikedByQuery {
  userId: string;
  /** At most 100 (the contract's limit). */
  videoIds: string[];
}
