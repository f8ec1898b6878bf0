/** Start a session with a username and password. */
export interface LoginCommand {
  username: string;
  password: string;
}
