import type { ServiceInstance } from '@newsreel/shared-discovery';

/** Which balancer spreads calls over a service's instances (`discovery.balancer`). */
export type BalancerKind = 'round-robin' | 'weighted';

/** Picks one of `candidates` (never empty) for the next call. One balancer per upstream service. */
export interface Balancer {
  pick<T extends Pick<ServiceInstance, 'instanceId' | 'weight'>>(candidates: readonly T[]): T;
}

/** Each candidate in turn, in id order; a changing candidate list just continues the rotation. */
export class RoundRobinBalancer implements Balancer {
  private next = 0;

  pick<T extends Pick<ServiceInstance, 'instanceId' | 'weight'>>(candidates: readonly T[]): T {
    const chosen = candidates[this.next % candidates.length];
    this.next = (this.next + 1) % 1_000_000_007;
    return chosen;
  }
}

/**
 * Smooth weighted round-robin (as in nginx): every pick adds each candidate's weight to its
 * running score, takes the highest score and subtracts the total from it. Over any window of
 * `sum(weights)` picks each instance gets exactly its share, interleaved rather than in bursts
 * (weights 5:1:1 give a a b a c a a, not a a a a a b c).
 */
export class WeightedBalancer implements Balancer {
  private readonly scores = new Map<string, number>();
  private members = '';

  pick<T extends Pick<ServiceInstance, 'instanceId' | 'weight'>>(candidates: readonly T[]): T {
    // Scores only mean something for the set they were built on: start over when it changes
    // (an instance joined, left or cools down), as nginx does on a configuration change.
    const members = candidates.map((c) => `${c.instanceId}:${c.weight}`).join(',');
    if (members !== this.members) {
      this.members = members;
      this.scores.clear();
    }
    let total = 0;
    let best: T | undefined;
    let bestScore = -Infinity;
    for (const candidate of candidates) {
      const weight = Math.max(1, candidate.weight);
      total += weight;
      const score = (this.scores.get(candidate.instanceId) ?? 0) + weight;
      this.scores.set(candidate.instanceId, score);
      if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    const chosen = best ?? candidates[0];
    this.scores.set(chosen.instanceId, bestScore - total);
    return chosen;
  }
}

/** The balancer `kind` names. */
export function createBalancer(kind: BalancerKind): Balancer {
  return kind === 'weighted' ? new WeightedBalancer() : new RoundRobinBalancer();
}

/** Which instances a call may go to (blue/green and version routing). */
export interface RpcRoute {
  colour?: ServiceInstance['colour'];
  version?: string;
}

/** True when `instance` satisfies every field `route` sets. */
export function matchesRoute(
  instance: Pick<ServiceInstance, 'colour' | 'version'>,
  route: RpcRoute | undefined,
): boolean {
  if (!route) return true;
  if (route.colour !== undefined && instance.colour !== route.colour) return false;
  if (route.version !== undefined && instance.version !== route.version) return false;
  return true;
}

/** `colour=green, version=0.2.0`: for error messages. */
export function describeRoute(route: RpcRoute | undefined): string {
  if (!route) return '';
  return Object.entries(route)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}
