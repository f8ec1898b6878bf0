/** Port: one-way password hashing. */
export interface PasswordHasher {
  /** A self-describing hash (algorithm, parameters, salt and key) to store. */
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `stored`. With `stored` undefined (no such user) it still does
   * the full amount of work and returns false, so response time does not reveal which usernames
   * exist.
   */
  verify(password: string, stored: string | undefined): Promise<boolean>;
}
