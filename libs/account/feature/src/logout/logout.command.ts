/** End the session a refresh token belongs to. */
export interface LogoutCommand {
  refreshToken: string;
}
