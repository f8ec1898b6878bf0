import { defineContract, method, pingMethod } from '@newsreel/shared-contracts';
import { z } from 'zod';
import {
  FollowRequest,
  Id,
  LoginRequest,
  ProfileSchema,
  RefreshRequest,
  RegisterRequest,
  SessionSchema,
  UserSchema,
} from './account.schemas';

/**
 * The `account` service's RPC contract (`newsreel.account.v1`): users, credentials, sessions
 * (access + rotating refresh tokens) and the follow graph.
 *
 * Errors: `ALREADY_EXISTS` (username taken), `UNAUTHENTICATED` (bad credentials, bad or reused
 * refresh token), `NOT_FOUND` (unknown user), `INVALID_ARGUMENT` (following yourself).
 */
export const AccountContract = defineContract('account', 'v1', {
  ping: pingMethod,
  register: method({ request: RegisterRequest, response: SessionSchema }),
  login: method({ request: LoginRequest, response: SessionSchema }),
  /** Rotates the refresh token; reusing a rotated one revokes its whole family. */
  refresh: method({ request: RefreshRequest, response: SessionSchema }),
  logout: method({ request: RefreshRequest, response: z.object({}), idempotent: true }),
  getProfile: method({
    request: z.strictObject({ id: Id }),
    response: ProfileSchema,
    idempotent: true,
  }),
  /** Batch lookup for embedding authors in lists; unknown ids are left out. */
  getUsers: method({
    request: z.strictObject({ ids: z.array(Id).max(100) }),
    response: z.object({ users: z.array(UserSchema) }),
    idempotent: true,
  }),
  follow: method({ request: FollowRequest, response: z.object({}), idempotent: true }),
  unfollow: method({ request: FollowRequest, response: z.object({}), idempotent: true }),
  /** Ids of the users `userId` follows (bounded: the following feed reads at most this many). */
  listFollowing: method({
    request: z.strictObject({ userId: Id, limit: z.number().int().min(1).max(1000).default(1000) }),
    response: z.object({ ids: z.array(Id) }),
    idempotent: true,
  }),
  /** Ids of `userId`'s followers (for notification fan-out), newest first. */
  listFollowers: method({
    request: z.strictObject({
      userId: Id,
      limit: z.number().int().min(1).max(10_000).default(10_000),
    }),
    response: z.object({ ids: z.array(Id) }),
    idempotent: true,
  }),
});

/** Type of {@link AccountContract}. */
export type AccountContract = typeof AccountContract;
