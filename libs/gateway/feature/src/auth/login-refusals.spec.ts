import type { PlatformConfig } from '@newsreel/shared-config';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { LoginRefusals } from './login-refusals';

/** Refusals with a live `auth.refusedLoginDelayMs` the test sets. */
function refusalsWithDelay(delayMs: number) {
  const config = { auth: { refusedLoginDelayMs: delayMs } } as PlatformConfig;
  return { refusals: new LoginRefusals(config), config };
}

describe('LoginRefusals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const throttled = () => RpcError.rateLimited('Too many failed logins; try again later', 300_000);
  const thrown = (promise: Promise<void>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as RpcError,
    );

  it("repeats account's 429 for the same username and address until its Retry-After", async () => {
    const { refusals } = refusalsWithDelay(0);
    refusals.remember('Alice', '10.0.0.2', throttled());
    vi.advanceTimersByTime(100_000);
    const again = await thrown(refusals.check('alice', '10.0.0.2'));
    expect(again).toMatchObject({
      code: RpcStatus.RESOURCE_EXHAUSTED,
      message: 'Too many failed logins; try again later',
    });
    expect(again?.retry).toEqual({ retryAfterSec: 200, scope: 'client' });
    vi.advanceTimersByTime(200_001);
    expect(await thrown(refusals.check('alice', '10.0.0.2'))).toBeUndefined();
  });

  it('leaves other pairs to account, and remembers nothing but client-scope throttling', async () => {
    const { refusals } = refusalsWithDelay(0);
    refusals.remember('alice', '10.0.0.2', throttled());
    expect(await thrown(refusals.check('alice', '10.0.0.3'))).toBeUndefined();
    expect(await thrown(refusals.check('bob', '10.0.0.2'))).toBeUndefined();
    refusals.remember(
      'carol',
      '10.0.0.2',
      new RpcError(RpcStatus.UNAUTHENTICATED, 'Invalid username or password'),
    );
    refusals.remember('carol', '10.0.0.2', RpcError.overloaded('busy', 1000));
    refusals.remember('carol', '10.0.0.2', new Error('boom'));
    expect(await thrown(refusals.check('carol', '10.0.0.2'))).toBeUndefined();
  });

  it('holds a repeated refusal back for the configured delay (a tarpit)', async () => {
    const { refusals } = refusalsWithDelay(1000);
    refusals.remember('alice', '10.0.0.2', throttled());
    let settled = false;
    const answer = thrown(refusals.check('alice', '10.0.0.2')).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await answer)?.code).toBe(RpcStatus.RESOURCE_EXHAUSTED);
  });
});
