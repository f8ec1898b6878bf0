import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { createAccountTestKit } from '../testing';

/** The error a call ended with (a test fails if it succeeded). */
async function failure(promise: Promise<unknown>): Promise<RpcError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(RpcError);
  return outcome as RpcError;
}

describe('login throttling (LoginHandler + LoginThrottle)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  async function kitWithUsers() {
    const kit = createAccountTestKit();
    for (const username of ['alice', 'bob']) {
      await kit.register.execute({ username, password: `${username}-password` });
    }
    return kit;
  }
  const wrong = (username: string, clientIp = '10.0.0.1') => ({
    username,
    password: 'not-it',
    clientIp,
  });

  it('refuses the 6th attempt after 5 failures with 429-style RESOURCE_EXHAUSTED, without hashing', async () => {
    const kit = await kitWithUsers();
    for (let i = 0; i < 5; i += 1) {
      expect((await failure(kit.login.execute(wrong('alice')))).code).toBe(
        RpcStatus.UNAUTHENTICATED,
      );
    }
    const hashesBefore = kit.hasher.verifyCalls.length;
    // Even the right password: a guesser must not learn anything while throttled.
    const throttled = await failure(
      kit.login.execute({ username: 'alice', password: 'alice-password', clientIp: '10.0.0.1' }),
    );
    expect(throttled.code).toBe(RpcStatus.RESOURCE_EXHAUSTED);
    expect(throttled.message).toBe('Too many failed logins; try again later');
    expect(throttled.retry).toEqual({ retryAfterSec: 300, scope: 'client' });
    expect(kit.hasher.verifyCalls.length).toBe(hashesBefore);
    expect(await kit.metrics.registry.getSingleMetricAsString('auth_throttled_total')).toContain(
      'auth_throttled_total{limit="login_username"} 1',
    );
  });

  it('throttles an unknown username the same way (no hint that it does not exist)', async () => {
    const kit = await kitWithUsers();
    for (let i = 0; i < 5; i += 1) await failure(kit.login.execute(wrong('mallory')));
    expect((await failure(kit.login.execute(wrong('mallory')))).code).toBe(
      RpcStatus.RESOURCE_EXHAUSTED,
    );
  });

  it('leaves other users alone, and lets the user in again after the window', async () => {
    const kit = await kitWithUsers();
    for (let i = 0; i < 6; i += 1) await failure(kit.login.execute(wrong('alice')));
    await expect(
      kit.login.execute({ username: 'bob', password: 'bob-password', clientIp: '10.0.0.1' }),
    ).resolves.toMatchObject({ user: { username: 'bob' } });
    // The username count is over all addresses: a fresh address is still refused in the window.
    expect(
      (
        await failure(
          kit.login.execute({
            username: 'alice',
            password: 'alice-password',
            clientIp: '10.9.9.9',
          }),
        )
      ).code,
    ).toBe(RpcStatus.RESOURCE_EXHAUSTED);
    vi.advanceTimersByTime(300_001);
    await expect(
      kit.login.execute({ username: 'alice', password: 'alice-password', clientIp: '10.9.9.9' }),
    ).resolves.toMatchObject({ user: { username: 'alice' } });
  });

  it('counts only failures: a success clears the username count', async () => {
    const kit = await kitWithUsers();
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 4; i += 1) await failure(kit.login.execute(wrong('alice')));
      await kit.login.execute({
        username: 'alice',
        password: 'alice-password',
        clientIp: '10.0.0.1',
      });
    }
    expect((await failure(kit.login.execute(wrong('alice')))).code).toBe(RpcStatus.UNAUTHENTICATED);
  });

  it('refuses an address that failed for many usernames, and only that address', async () => {
    const kit = await kitWithUsers();
    kit.limits.loginFailuresPerUsername = { points: 100, windowSec: 300 };
    for (let i = 0; i < 20; i += 1) await failure(kit.login.execute(wrong(`user${i}`, '10.6.6.6')));
    const refused = await failure(
      kit.login.execute({ username: 'bob', password: 'bob-password', clientIp: '10.6.6.6' }),
    );
    expect(refused.code).toBe(RpcStatus.RESOURCE_EXHAUSTED);
    await expect(
      kit.login.execute({ username: 'bob', password: 'bob-password', clientIp: '10.0.0.2' }),
    ).resolves.toMatchObject({ user: { username: 'bob' } });
  });

  it('starts a newly registered name clean (failures before were guesses at a free name)', async () => {
    const kit = createAccountTestKit();
    for (let i = 0; i < 4; i += 1) await failure(kit.login.execute(wrong('dave')));
    await kit.register.execute({
      username: 'dave',
      password: 'dave-password',
      clientIp: '10.0.0.1',
    });
    for (let i = 0; i < 5; i += 1) {
      expect((await failure(kit.login.execute(wrong('dave')))).code).toBe(
        RpcStatus.UNAUTHENTICATED,
      );
    }
    expect((await failure(kit.login.execute(wrong('dave')))).code).toBe(
      RpcStatus.RESOURCE_EXHAUSTED,
    );
  });

  it('runs one login per username at a time: a concurrent one is refused at once, without hashing', async () => {
    const kit = await kitWithUsers();
    const hashesBefore = kit.hasher.verifyCalls.length;
    const [first, second] = await Promise.all([
      failure(kit.login.execute(wrong('alice'))),
      failure(kit.login.execute(wrong('alice'))),
    ]);
    expect(first.code).toBe(RpcStatus.UNAUTHENTICATED);
    expect(second.code).toBe(RpcStatus.RESOURCE_EXHAUSTED);
    expect(second.message).toBe('A login for this username is already in progress');
    expect(second.retry).toEqual({ retryAfterSec: 1, scope: 'client' });
    expect(kit.hasher.verifyCalls.length).toBe(hashesBefore + 1);
    // Other usernames run alongside; once the first ended, the name is free again (and the
    // refused attempt was not counted: 4 more failures are still 401s).
    await expect(
      Promise.all([
        kit.login.execute({ username: 'bob', password: 'bob-password', clientIp: '10.0.0.1' }),
        failure(kit.login.execute(wrong('alice'))),
      ]),
    ).resolves.toMatchObject([{ user: { username: 'bob' } }, { code: RpcStatus.UNAUTHENTICATED }]);
    for (let i = 0; i < 3; i += 1) {
      expect((await failure(kit.login.execute(wrong('alice')))).code).toBe(
        RpcStatus.UNAUTHENTICATED,
      );
    }
    expect((await failure(kit.login.execute(wrong('alice')))).code).toBe(
      RpcStatus.RESOURCE_EXHAUSTED,
    );
  });

  it('applies a changed rule at once (hot setting)', async () => {
    const kit = await kitWithUsers();
    kit.limits.loginFailuresPerUsername = { points: 2, windowSec: 60 };
    await failure(kit.login.execute(wrong('alice')));
    await failure(kit.login.execute(wrong('alice')));
    const refused = await failure(kit.login.execute(wrong('alice')));
    expect(refused.code).toBe(RpcStatus.RESOURCE_EXHAUSTED);
    expect(refused.retry?.retryAfterSec).toBe(60);
  });
});

describe('sign-up limit (RegisterHandler + SignupLimit)', () => {
  it('refuses sign-ups from one address beyond the rule, and not from another', async () => {
    const kit = createAccountTestKit();
    kit.limits.signupsPerIp = { points: 3, windowSec: 3600 };
    for (let i = 0; i < 3; i += 1) {
      await kit.register.execute({
        username: `u${i}`,
        password: 'password-1',
        clientIp: '10.1.1.1',
      });
    }
    const refused = await failure(
      kit.register.execute({ username: 'u3', password: 'password-1', clientIp: '10.1.1.1' }),
    );
    expect(refused.code).toBe(RpcStatus.RESOURCE_EXHAUSTED);
    expect(refused.retry?.scope).toBe('client');
    expect(await kit.users.findByUsername('u3')).toBeUndefined();
    await expect(
      kit.register.execute({ username: 'u3', password: 'password-1', clientIp: '10.2.2.2' }),
    ).resolves.toMatchObject({ user: { username: 'u3' } });
  });
});
