import { describe, expect, it } from 'vitest';
import { CoalescingRunner } from './coalescing-runner';

describe('CoalescingRunner', () => {
  it('runs one more pass for any number of calls made while a pass runs', async () => {
    let passes = 0;
    let release!: () => void;
    const runner = new CoalescingRunner(async () => {
      passes += 1;
      if (passes === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = runner.run();
    expect(runner.busy).toBe(true);
    const calls = [runner.run(), runner.run(), runner.run()];
    release();
    await Promise.all([first, ...calls]);
    expect(passes).toBe(2);
    expect(runner.busy).toBe(false);
  });

  it('never overlaps passes', async () => {
    let active = 0;
    let most = 0;
    const runner = new CoalescingRunner(async () => {
      active += 1;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active -= 1;
    });
    await Promise.all([runner.run(), runner.run(), runner.run()]);
    expect(most).toBe(1);
  });

  it('rejects with the failed pass and runs again on the next call', async () => {
    let passes = 0;
    const runner = new CoalescingRunner(() => {
      passes += 1;
      return passes === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
    });
    await expect(runner.run()).rejects.toThrow('boom');
    await runner.idle();
    await runner.run();
    expect(passes).toBe(2);
  });
});
