import { type RateLimitRule, createRateLimiter } from './rate-limiter';

describe('createRateLimiter (in memory)', () => {
  let rule: RateLimitRule;
  const limiter = () => createRateLimiter({ name: 'test', rule: () => rule });

  beforeEach(() => {
    vi.useFakeTimers();
    rule = { points: 3, windowSec: 10 };
  });
  afterEach(() => vi.useRealTimers());

  it('allows `points` per window per key, then refuses with the time left in the window', async () => {
    const l = limiter();
    const decisions = [];
    for (let i = 0; i < 4; i += 1) decisions.push(await l.consume('alice'));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3].limit).toBe(3);
    expect(decisions[3].resetMs).toBeGreaterThan(9000);
    expect(decisions[3].resetMs).toBeLessThanOrEqual(10_000);
    // Another key has its own count.
    await expect(l.consume('bob')).resolves.toMatchObject({ allowed: true, remaining: 2 });
  });

  it('allows again once the window has passed', async () => {
    const l = limiter();
    for (let i = 0; i < 3; i += 1) await l.consume('alice');
    expect((await l.consume('alice')).allowed).toBe(false);
    await vi.advanceTimersByTimeAsync(10_001);
    expect((await l.consume('alice')).allowed).toBe(true);
  });

  it('refund gives a point back; reset forgets the key', async () => {
    const l = limiter();
    for (let i = 0; i < 3; i += 1) await l.consume('alice');
    await l.refund('alice');
    expect((await l.consume('alice')).allowed).toBe(true);
    expect((await l.consume('alice')).allowed).toBe(false);
    await l.reset('alice');
    await expect(l.consume('alice')).resolves.toMatchObject({ allowed: true, remaining: 2 });
  });

  it('blocks for blockSec after going over, beyond the end of the window', async () => {
    rule = { points: 1, windowSec: 1, blockSec: 60 };
    const l = limiter();
    await l.consume('alice');
    const refused = await l.consume('alice');
    expect(refused.allowed).toBe(false);
    expect(refused.resetMs).toBeGreaterThan(59_000);
    await vi.advanceTimersByTimeAsync(5000);
    expect((await l.consume('alice')).allowed).toBe(false);
  });

  it('applies a changed rule to the next call (hot configuration)', async () => {
    const l = limiter();
    for (let i = 0; i < 3; i += 1) await l.consume('alice');
    expect((await l.consume('alice')).allowed).toBe(false);
    rule = { points: 10, windowSec: 10 };
    await expect(l.consume('alice')).resolves.toMatchObject({ allowed: true, limit: 10 });
  });
});
