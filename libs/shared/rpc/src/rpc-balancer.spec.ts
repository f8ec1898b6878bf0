import {
  RoundRobinBalancer,
  WeightedBalancer,
  createBalancer,
  describeRoute,
  matchesRoute,
} from './rpc-balancer';

const instance = (instanceId: string, weight = 100) => ({ instanceId, weight });

describe('RoundRobinBalancer', () => {
  it('takes each candidate in turn', () => {
    const balancer = new RoundRobinBalancer();
    const list = [instance('a'), instance('b'), instance('c')];
    const picks = Array.from({ length: 7 }, () => balancer.pick(list).instanceId);
    expect(picks).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('keeps rotating when the list shrinks', () => {
    const balancer = new RoundRobinBalancer();
    balancer.pick([instance('a'), instance('b'), instance('c')]);
    const picks = Array.from(
      { length: 4 },
      () => balancer.pick([instance('a'), instance('c')]).instanceId,
    );
    expect(new Set(picks)).toEqual(new Set(['a', 'c']));
    expect(picks.filter((id) => id === 'a')).toHaveLength(2);
  });
});

describe('WeightedBalancer (smooth weighted round-robin)', () => {
  it('interleaves picks in proportion to weight (5:1:1 -> a a b a c a a)', () => {
    const balancer = new WeightedBalancer();
    const list = [instance('a', 5), instance('b', 1), instance('c', 1)];
    const picks = Array.from({ length: 7 }, () => balancer.pick(list).instanceId);
    expect(picks).toEqual(['a', 'a', 'b', 'a', 'c', 'a', 'a']);
  });

  it('gives each instance exactly its share over many picks', () => {
    const balancer = new WeightedBalancer();
    const list = [instance('x', 300), instance('y', 100)];
    const counts = { x: 0, y: 0 };
    for (let i = 0; i < 400; i += 1) counts[balancer.pick(list).instanceId as 'x' | 'y'] += 1;
    expect(counts).toEqual({ x: 300, y: 100 });
  });

  it('forgets instances that left, and shares fairly among the rest', () => {
    const balancer = new WeightedBalancer();
    balancer.pick([instance('a', 10), instance('gone', 1000)]);
    const picks = Array.from(
      { length: 4 },
      () => balancer.pick([instance('a', 1), instance('b', 1)]).instanceId,
    );
    expect(picks.filter((id) => id === 'a')).toHaveLength(2);
  });
});

describe('createBalancer', () => {
  it('builds the kind named by discovery.balancer', () => {
    expect(createBalancer('weighted')).toBeInstanceOf(WeightedBalancer);
    expect(createBalancer('round-robin')).toBeInstanceOf(RoundRobinBalancer);
  });
});

describe('matchesRoute', () => {
  const green = { colour: 'green' as const, version: '0.2.0' };

  it('matches everything without a route', () => {
    expect(matchesRoute(green, undefined)).toBe(true);
    expect(matchesRoute(green, {})).toBe(true);
  });

  it('requires every field the route sets', () => {
    expect(matchesRoute(green, { colour: 'green' })).toBe(true);
    expect(matchesRoute(green, { colour: 'blue' })).toBe(false);
    expect(matchesRoute(green, { colour: 'green', version: '0.2.0' })).toBe(true);
    expect(matchesRoute(green, { colour: 'green', version: '0.1.0' })).toBe(false);
  });

  it('describes a route for error messages', () => {
    expect(describeRoute({ colour: 'green', version: '0.2.0' })).toBe(
      'colour=green, version=0.2.0',
    );
    expect(describeRoute(undefined)).toBe('');
  });
});
