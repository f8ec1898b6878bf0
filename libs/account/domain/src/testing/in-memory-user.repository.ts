import { type User, type UserRepository, UsernameTakenError } from '..';
import { ioTick } from '@newsreel/shared-unit-of-work/testing';

/** In-memory {@link UserRepository} for unit tests; enforces the unique username like the DB. */
export class InMemoryUserRepository implements UserRepository {
  readonly users = new Map<string, User>();
  /** Simulates a concurrent registration winning between the handler's check and its insert. */
  raceOnNextInsert = false;

  async insert(user: User): Promise<void> {
    await ioTick();
    const taken = [...this.users.values()].some((u) => u.username === user.username);
    if (taken || this.raceOnNextInsert) {
      this.raceOnNextInsert = false;
      throw new UsernameTakenError(user.username);
    }
    this.users.set(user.id, { ...user });
  }

  async findById(id: string): Promise<User | undefined> {
    await ioTick();
    const user = this.users.get(id);
    return user && { ...user };
  }

  async findByUsername(username: string): Promise<User | undefined> {
    await ioTick();
    const user = [...this.users.values()].find((u) => u.username === username);
    return user && { ...user };
  }

  async findByIds(ids: readonly string[]): Promise<User[]> {
    await ioTick();
    return [...this.users.values()].filter((u) => ids.includes(u.id)).map((u) => ({ ...u }));
  }
}
