/** A list request once validated by the contract. */
export interface ListCommentsQuery {
  videoId: string;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  /** Page size; 20 when absent, at most 50. */
  limit?: number;
}
