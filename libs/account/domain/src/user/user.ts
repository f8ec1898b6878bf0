/**
 * A registered user as the account context keeps it. `passwordHash` never leaves the service:
 * {@link toPublicUser} is the only shape that crosses a boundary.
 */
export interface User {
  /** UUIDv7. */
  id: string;
  /** Lowercase, unique (the contract's `Username` rules). */
  username: string;
  displayName: string;
  /** Self-describing scrypt hash (see `ScryptPasswordHasher`). */
  passwordHash: string;
  /** Granted roles (`admin`); empty for everyone who registered through the API. */
  roles: string[];
  createdAt: Date;
}

/** What other services and clients see of a user. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/** Drops the credential and serialises the timestamp. */
export function toPublicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    createdAt: user.createdAt.toISOString(),
  };
}
