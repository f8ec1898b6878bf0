import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { LoginRefusals } from './login-refusals';

describe('LoginRefusals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const throttled = () => RpcError.rateLimited('Too many failed logins; try again later', 300_000);
  const thrown = (fn: () => void) => {
    try {
      fn();
      return undefined;
    } catch (error) {
      return error as RpcError;
    }
  };

  it("repeats account's 429 for the same username and address until its Retry-After", () => {
    const refusals = new LoginRefusals();
    refusals.remember('Alice', '10.0.0.2', throttled());
    vi.advanceTimersByTime(100_000);
    const again = thrown(() => refusals.check('alice', '10.0.0.2'));
    expect(again).toMatchObject({
      code: RpcStatus.RESOURCE_EXHAUSTED,
      message: 'Too many failed logins; try again later',
    });
    expect(again?.retry).toEqual({ retryAfterSec: 200, scope: 'client' });
    vi.advanceTimersByTime(200_001);
    expect(thrown(() => refusals.check('alice', '10.0.0.2'))).toBeUndefined();
  });

  it('leaves other pairs to account, and remembers nothing but client-scope throttling', () => {
    const refusals = new LoginRefusals();
    refusals.remember('alice', '10.0.0.2', throttled());
    expect(thrown(() => refusals.check('alice', '10.0.0.3'))).toBeUndefined();
    expect(thrown(() => refusals.check('bob', '10.0.0.2'))).toBeUndefined();
    refusals.remember(
      'carol',
      '10.0.0.2',
      new RpcError(RpcStatus.UNAUTHENTICATED, 'Invalid username or password'),
    );
    refusals.remember('carol', '10.0.0.2', RpcError.overloaded('busy', 1000));
    refusals.remember('carol', '10.0.0.2', new Error('boom'));
    expect(thrown(() => refusals.check('carol', '10.0.0.2'))).toBeUndefined();
  });
});
