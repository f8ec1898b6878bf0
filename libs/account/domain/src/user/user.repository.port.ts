import type { User } from './user';

/**
 * Thrown by {@link UserRepository.insert} when the username is already taken, including when a
 * concurrent registration won the race (the adapter maps the database's unique violation).
 */
export class UsernameTakenError extends Error {
  constructor(readonly username: string) {
    super(`Username ${username} is taken`);
    this.name = 'UsernameTakenError';
  }
}

/** Port: where users live. */
export interface UserRepository {
  /** Stores a new user; throws {@link UsernameTakenError} when the username exists. */
  insert(user: User): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByUsername(username: string): Promise<User | undefined>;
  /** The users among `ids` that exist, in no particular order. */
  findByIds(ids: readonly string[]): Promise<User[]>;
}
