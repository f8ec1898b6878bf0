/** Start a session with a username and password. */
export interface LoginCommand {
  username: string;
  password: string;
  /** The end user's address, for the per-address failure count (absent for internal callers). */
  clientIp?: string;
}
