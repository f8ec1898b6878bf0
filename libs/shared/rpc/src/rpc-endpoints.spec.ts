import type { ClientProxy } from '@nestjs/microservices';
import {
  FixedInstanceSource,
  type InstancesListener,
  type ServiceInstance,
} from '@newsreel/shared-discovery';
import { testInstance } from '@newsreel/shared-discovery/testing';
import { RoundRobinBalancer } from './rpc-balancer';
import { RpcInstancePool } from './rpc-endpoints';

const at = (instanceId: string, port: number, extra: Partial<ServiceInstance> = {}) =>
  testInstance(instanceId, port, extra);

/** A source whose lists a test changes, telling listeners like the directory does. */
class ChangingSource extends FixedInstanceSource {
  private readonly listeners = new Set<InstancesListener>();
  constructor(private list: ServiceInstance[]) {
    super({});
  }
  override instances(): readonly ServiceInstance[] {
    return this.list;
  }
  override onChange(listener: InstancesListener) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  set(list: ServiceInstance[]) {
    this.list = list;
    for (const listener of this.listeners) listener('video', list);
  }
}

function fakeProxies() {
  const made: Array<{ port: number; closed: boolean }> = [];
  const create = ({ port }: { port: number }) => {
    const record = { port, closed: false };
    made.push(record);
    return {
      close: () => {
        record.closed = true;
      },
    } as unknown as ClientProxy;
  };
  return { made, create };
}

describe('RpcInstancePool', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('balances over the instances and opens one connection per instance, lazily', () => {
    const proxies = fakeProxies();
    const pool = new RpcInstancePool({
      service: 'video',
      source: new ChangingSource([at('video-1', 4001), at('video-2', 4002)]),
      balancer: new RoundRobinBalancer(),
      createProxy: proxies.create,
    });
    const picks = Array.from({ length: 4 }, () => pool.pick(undefined, new Set())!.instanceId);
    expect(picks).toEqual(['video-1', 'video-2', 'video-1', 'video-2']);
    expect(proxies.made.map((p) => p.port)).toEqual([4001, 4002]);
  });

  it('skips excluded instances and those that do not match the route', () => {
    const pool = new RpcInstancePool({
      service: 'video',
      source: new ChangingSource([at('video-1', 4001), at('video-2', 4002, { colour: 'green' })]),
      balancer: new RoundRobinBalancer(),
      createProxy: fakeProxies().create,
    });
    expect(pool.pick({ colour: 'green' }, new Set())!.instanceId).toBe('video-2');
    expect(pool.pick(undefined, new Set(['video-1']))!.instanceId).toBe('video-2');
    expect(pool.pick({ colour: 'green' }, new Set(['video-2']))).toBeUndefined();
    expect(pool.describeNone({ colour: 'green' })).toBe(
      'No instance of video matches colour=green (2 registered)',
    );
  });

  it('avoids an instance cooling down after a failure, but uses it when it is the only one', () => {
    const source = new ChangingSource([at('video-1', 4001), at('video-2', 4002)]);
    const pool = new RpcInstancePool({
      service: 'video',
      source,
      balancer: new RoundRobinBalancer(),
      createProxy: fakeProxies().create,
    });
    const failed = pool.pick(undefined, new Set())!;
    pool.reportFailure(failed);
    const next = Array.from({ length: 3 }, () => pool.pick(undefined, new Set())!.instanceId);
    expect(next).not.toContain(failed.instanceId);
    expect(pool.pick(undefined, new Set(next))!.instanceId).toBe(failed.instanceId);
    vi.advanceTimersByTime(2500);
    const later = Array.from({ length: 4 }, () => pool.pick(undefined, new Set())!.instanceId);
    expect(later).toContain(failed.instanceId);
  });

  it('closes the connection of an instance that left, after a grace period for calls in flight', () => {
    const proxies = fakeProxies();
    const source = new ChangingSource([at('video-1', 4001), at('video-2', 4002)]);
    const pool = new RpcInstancePool({
      service: 'video',
      source,
      balancer: new RoundRobinBalancer(),
      closeGraceMs: 1000,
      createProxy: proxies.create,
    });
    pool.pick(undefined, new Set());
    pool.pick(undefined, new Set());
    source.set([at('video-1', 4001)]);
    expect(proxies.made.find((p) => p.port === 4002)!.closed).toBe(false);
    vi.advanceTimersByTime(1001);
    expect(proxies.made.find((p) => p.port === 4002)!.closed).toBe(true);
    expect(proxies.made.find((p) => p.port === 4001)!.closed).toBe(false);
  });

  it('reconnects when an instance comes back on another port, and says when none is registered', () => {
    const proxies = fakeProxies();
    const source = new ChangingSource([at('video-1', 4001)]);
    const pool = new RpcInstancePool({
      service: 'video',
      source,
      balancer: new RoundRobinBalancer(),
      createProxy: proxies.create,
    });
    expect(pool.pick(undefined, new Set())!.port).toBe(4001);
    source.set([at('video-1', 4999)]);
    expect(pool.pick(undefined, new Set())!.port).toBe(4999);
    source.set([at('gw', 3000, { protocol: 'http' })]);
    expect(pool.pick(undefined, new Set())).toBeUndefined();
    expect(pool.describeNone(undefined)).toBe('No instance of video is registered');
  });
});
