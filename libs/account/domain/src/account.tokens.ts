/** DI token of the `UserRepository` port. */
export const USER_REPOSITORY = Symbol('USER_REPOSITORY');
/** DI token of the `RefreshTokenRepository` port. */
export const REFRESH_TOKEN_REPOSITORY = Symbol('REFRESH_TOKEN_REPOSITORY');
/** DI token of the `FollowRepository` port. */
export const FOLLOW_REPOSITORY = Symbol('FOLLOW_REPOSITORY');
/** DI token of the `PasswordHasher` port. */
export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');
/** DI token of the `SessionSettings`. */
export const SESSION_SETTINGS = Symbol('SESSION_SETTINGS');
