/** A user's public profile with follower / following counts. */
export interface GetProfileQuery {
  id: string;
}
