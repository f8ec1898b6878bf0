/** Create an account and start a session. Validated by the contract (`RegisterRequest`). */
export interface RegisterCommand {
  /** Already checked: 3-32 of a-z, 0-9, `_`. */
  username: string;
  password: string;
  /** Defaults to the username. */
  displayName?: string;
  /** The end user's address, for the sign-up limit (absent for internal callers). */
  clientIp?: string;
}
