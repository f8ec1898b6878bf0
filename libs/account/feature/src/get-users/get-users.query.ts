/** Batch lookup of public user data (authors embedded in lists). */
export interface GetUsersQuery {
  /** At most 100 (the contract's bound). */
  ids: readonly string[];
}
