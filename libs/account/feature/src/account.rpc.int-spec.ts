import { AccountContract } from '@newsreel/account-contracts';
import { type BrokerHandle, startBroker } from '@newsreel/kafka-broker';
import { AccessTokens } from '@newsreel/shared-auth';
import { type RequestOf, RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { type TestDatabase, createTestDatabase } from '@newsreel/shared-testing';
import { type StartedRpcService, startRpcService } from '@newsreel/shared-service-testing';
import { AccountFeatureModule } from './account-feature.module';

// The account service as it ships (platform module + feature module, real scrypt, real SQLite,
// migrations at start) behind a real NestJS TCP server, called through the typed RpcClient the
// gateway uses. Few passwords are hashed: each costs ~0.3-1 s at OWASP parameters.
describe('account service over RPC', () => {
  let database: TestDatabase;
  let broker: BrokerHandle;
  let service: StartedRpcService<AccountContract>;

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as RpcError,
    );

  beforeAll(async () => {
    database = await createTestDatabase('sqlite', { label: 'account-rpc' });
    broker = await startBroker({ port: 0 }); // follows publish account.followed.v1
    service = await startRpcService({
      service: 'account',
      contract: AccountContract,
      imports: [AccountFeatureModule],
      env: {
        NEWSREEL_ACCOUNT_DATABASE_URL: database.url,
        NEWSREEL_KAFKA_BROKERS: broker.address,
      },
    });
  });

  afterAll(async () => {
    await service?.close();
    await broker?.stop();
    await database?.cleanup();
  });

  it('answers ping on the account contract', async () => {
    await expect(service.call('ping', {})).resolves.toMatchObject({ service: 'account' });
  });

  it('walks register -> login -> refresh -> reuse refused -> follow -> profile counts', async () => {
    const alice = await service.call('register', {
      username: 'alice',
      password: 'alice-password',
      displayName: 'Alice',
    });
    expect(alice.user).toMatchObject({ username: 'alice', displayName: 'Alice' });
    expect(JSON.stringify(alice)).not.toMatch(/scrypt|passwordHash/);
    const claims = await new AccessTokens(service.config.auth).verify(alice.accessToken);
    expect(claims).toEqual({
      sub: alice.user.id,
      username: 'alice',
      sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    await expect(
      failure(service.call('register', { username: 'alice', password: 'another-password' })),
    ).resolves.toMatchObject({
      code: RpcStatus.ALREADY_EXISTS,
      message: 'Username is taken',
    });

    const wrong = await failure(
      service.call('login', { username: 'alice', password: 'not-her-password' }),
    );
    expect(wrong?.toPayload()).toEqual({
      code: RpcStatus.UNAUTHENTICATED,
      message: 'Invalid username or password',
    });
    const session = await service.call('login', { username: 'alice', password: 'alice-password' });
    expect(session.user).toEqual(alice.user);

    const rotated = await service.call('refresh', { refreshToken: session.refreshToken });
    expect(rotated.refreshToken).not.toBe(session.refreshToken);
    await expect(
      failure(service.call('refresh', { refreshToken: session.refreshToken })),
    ).resolves.toMatchObject({
      code: RpcStatus.UNAUTHENTICATED,
      message: 'Refresh token reuse detected',
    });
    // The family is revoked: the successor no longer works, the registration session still does.
    await expect(
      failure(service.call('refresh', { refreshToken: rotated.refreshToken })),
    ).resolves.toMatchObject({
      code: RpcStatus.UNAUTHENTICATED,
    });
    const renewed = await service.call('refresh', { refreshToken: alice.refreshToken });
    await expect(service.call('logout', { refreshToken: renewed.refreshToken })).resolves.toEqual(
      {},
    );
    await expect(service.call('logout', { refreshToken: renewed.refreshToken })).resolves.toEqual(
      {},
    );
    await expect(
      failure(service.call('refresh', { refreshToken: renewed.refreshToken })),
    ).resolves.toMatchObject({
      code: RpcStatus.UNAUTHENTICATED,
    });

    const bob = (await service.call('register', { username: 'bob', password: 'bob-password' }))
      .user;
    await expect(
      service.call('follow', { followerId: alice.user.id, followeeId: bob.id }),
    ).resolves.toEqual({});
    await expect(
      service.call('follow', { followerId: alice.user.id, followeeId: bob.id }),
    ).resolves.toEqual({});
    await expect(
      failure(service.call('follow', { followerId: bob.id, followeeId: bob.id })),
    ).resolves.toMatchObject({
      code: RpcStatus.INVALID_ARGUMENT,
      message: 'You cannot follow yourself',
    });
    await expect(
      failure(
        service.call('follow', {
          followerId: bob.id,
          followeeId: '0190a000-0000-7000-8000-000000000000',
        }),
      ),
    ).resolves.toMatchObject({ code: RpcStatus.NOT_FOUND });

    await expect(service.call('getProfile', { id: bob.id })).resolves.toEqual({
      ...bob,
      followerCount: 1,
      followingCount: 0,
    });
    await expect(service.call('getProfile', { id: alice.user.id })).resolves.toMatchObject({
      followerCount: 0,
      followingCount: 1,
    });
    await expect(service.call('listFollowing', { userId: alice.user.id })).resolves.toEqual({
      ids: [bob.id],
    });
    await expect(
      service.call('getUsers', {
        ids: [bob.id, '0190a000-0000-7000-8000-000000000000', alice.user.id],
      }),
    ).resolves.toEqual({
      users: [bob, alice.user],
    });

    await expect(
      service.call('unfollow', { followerId: alice.user.id, followeeId: bob.id }),
    ).resolves.toEqual({});
    await expect(service.call('getProfile', { id: bob.id })).resolves.toMatchObject({
      followerCount: 0,
    });
    await expect(
      failure(service.call('getProfile', { id: '0190a000-0000-7000-8000-000000000000' })),
    ).resolves.toMatchObject({ code: RpcStatus.NOT_FOUND, message: 'User not found' });
  });

  it('refuses bad input with INVALID_ARGUMENT before any work is done', async () => {
    const unknownField = await failure(
      service.call('register', {
        username: 'mallory',
        password: 'long-enough-1',
        admin: true,
      } as RequestOf<AccountContract, 'register'>),
    );
    expect(unknownField).toBeInstanceOf(RpcError);
    expect(unknownField?.code).toBe(RpcStatus.INVALID_ARGUMENT);

    const shortPassword = await failure(
      service.call('register', { username: 'mallory', password: 'short' }),
    );
    expect(shortPassword?.code).toBe(RpcStatus.INVALID_ARGUMENT);
    expect(shortPassword?.details?.map((d) => d.path)).toEqual(['password']);

    const badId = await failure(service.call('getProfile', { id: 'not-a-uuid' }));
    expect(badId?.code).toBe(RpcStatus.INVALID_ARGUMENT);
    // Nothing was created by the refused calls.
    await expect(
      failure(service.call('login', { username: 'mallory', password: 'long-enough-1' })),
    ).resolves.toMatchObject({
      code: RpcStatus.UNAUTHENTICATED,
    });
  });
});
