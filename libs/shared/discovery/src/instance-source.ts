import type { InstancesByService, ServiceInstance } from './service-instance';

/** Told when the instances of a service change (someone joined, left, or moved). */
export type InstancesListener = (service: string, instances: readonly ServiceInstance[]) => void;

/**
 * What a client-side balancer needs from discovery: the current instances of a service, word
 * of changes (to close connections to instances that left), and a shared short-term memory of
 * instances that just failed a call. {@link ServiceDirectory} is the real one.
 */
export interface InstanceSource {
  /** The instances of `service` callers should use now, sorted by id (never throws). */
  instances(service: string): readonly ServiceInstance[];
  /** Calls `listener` on every change; returns the function that stops it. */
  onChange(listener: InstancesListener): () => void;
  /** False while the instance is cooling down after a failed call. */
  isHealthy(service: string, instanceId: string): boolean;
  /** Puts the instance on a short cool-down: callers avoid it while another one is available. */
  markUnhealthy(service: string, instanceId: string): void;
}

/** Default cool-down of an instance after a connection failure. */
export const DEFAULT_COOLDOWN_MS = 2000;

/** Remembers which instances failed recently, for {@link InstanceSource.isHealthy}. */
export class InstanceCooldowns {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly cooldownMs = DEFAULT_COOLDOWN_MS,
    private readonly now: () => number = Date.now,
  ) {}

  isHealthy(service: string, instanceId: string): boolean {
    const key = `${service}/${instanceId}`;
    const until = this.until.get(key);
    if (until === undefined) return true;
    if (until > this.now()) return false;
    this.until.delete(key);
    return true;
  }

  markUnhealthy(service: string, instanceId: string): void {
    this.until.set(`${service}/${instanceId}`, this.now() + this.cooldownMs);
  }
}

/**
 * A source whose lists never change: what the RPC client uses when no directory is provided
 * (tests, a bare module), built from `staticInstances(config)`.
 */
export class FixedInstanceSource implements InstanceSource {
  private readonly cooldowns = new InstanceCooldowns();

  constructor(private readonly lists: InstancesByService) {}

  instances(service: string): readonly ServiceInstance[] {
    return this.lists[service] ?? [];
  }

  onChange(_listener: InstancesListener): () => void {
    return () => undefined; // nothing ever changes
  }

  isHealthy(service: string, instanceId: string): boolean {
    return this.cooldowns.isHealthy(service, instanceId);
  }

  markUnhealthy(service: string, instanceId: string): void {
    this.cooldowns.markUnhealthy(service, instanceId);
  }
}
