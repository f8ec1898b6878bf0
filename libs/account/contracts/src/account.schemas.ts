import { z } from 'zod';

/** Ids are UUIDv7 strings: unique, and sortable by creation time. */
export const Id = z.uuid();

/** 3-32 of lowercase letters, digits and `_`. */
export const Username = z
  .string()
  .regex(/^[a-z0-9_]{3,32}$/, 'must be 3-32 characters of a-z, 0-9 and _');
/** 8-128 characters; anything else is the user's business. */
export const Password = z.string().min(8).max(128);
export const DisplayName = z.string().trim().min(1).max(64);

/** A user as other services and clients see it: never a credential. */
export const UserSchema = z.object({
  id: Id,
  username: Username,
  displayName: z.string(),
  createdAt: z.iso.datetime(),
});
/** See {@link UserSchema}. */
export type User = z.output<typeof UserSchema>;

/** A public profile with its counters. `videoCount` is filled in by the caller from `video`. */
export const ProfileSchema = UserSchema.extend({
  followerCount: z.number().int().min(0),
  followingCount: z.number().int().min(0),
});
/** See {@link ProfileSchema}. */
export type Profile = z.output<typeof ProfileSchema>;

/** An access token (JWT, short-lived) and a rotating refresh token. */
export const TokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Lifetime of the access token in seconds. */
  expiresIn: z.number().int(),
});
/** See {@link TokenPairSchema}. */
export type TokenPair = z.output<typeof TokenPairSchema>;

/** What register, login and refresh return. */
export const SessionSchema = TokenPairSchema.extend({ user: UserSchema });
/** See {@link SessionSchema}. */
export type Session = z.output<typeof SessionSchema>;

/** Register: the gateway's HTTP body is this same schema. */
export const RegisterRequest = z.strictObject({
  username: Username,
  password: Password,
  displayName: DisplayName.optional(),
});
export const LoginRequest = z.strictObject({
  // Only a length bound: a malformed username simply fails to log in (401), like a wrong one.
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
});
/** Refresh tokens are opaque strings; bounded so nobody posts megabytes. */
export const RefreshToken = z.string().min(1).max(512);
export const RefreshRequest = z.strictObject({ refreshToken: RefreshToken });
export const FollowRequest = z.strictObject({ followerId: Id, followeeId: Id });
