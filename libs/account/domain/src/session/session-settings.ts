/** How long sessions last (from `config.auth`). */
export interface SessionSettings {
  /** Lifetime of each refresh token; rotation issues the successor with a fresh lifetime. */
  refreshTokenTtlSec: number;
}
