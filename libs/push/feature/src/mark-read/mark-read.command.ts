/** Marks notifications of a user as read, once validated by the contract. */
export interface MarkReadCommand {
  userId: string;
  /** Which ones (at most 100); all of the user's when absent. */
  ids?: string[];
}
