/** Exchange a refresh token for a new session (rotation). */
export interface RefreshCommand {
  /** The opaque `<id>.<secret>` string from a previous session. */
  refreshToken: string;
}
