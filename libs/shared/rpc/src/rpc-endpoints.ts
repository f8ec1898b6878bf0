import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { InstanceSource, ServiceInstance } from '@newsreel/shared-discovery';
import { type Balancer, type RpcRoute, describeRoute, matchesRoute } from './rpc-balancer';

/** One instance a call can go to, with its connection. */
export interface RpcEndpoint {
  service: string;
  instanceId: string;
  host: string;
  port: number;
  proxy: ClientProxy;
}

/** Where an {@link RpcClient} sends its calls: one or more instances of one service. */
export interface RpcEndpoints {
  readonly service: string;
  /** The instance for the next call, among those matching `route` and not in `exclude`. */
  pick(route: RpcRoute | undefined, exclude: ReadonlySet<string>): RpcEndpoint | undefined;
  /** The call to `endpoint` failed to connect or lost its connection. */
  reportFailure(endpoint: RpcEndpoint): void;
  /** Why {@link pick} found nothing (for the UNAVAILABLE error). */
  describeNone(route: RpcRoute | undefined): string;
  /** Closes every connection. */
  close(): Promise<void>;
}

/** Opens the connection to one instance (a Nest TCP client by default; tests may wrap it). */
export type ProxyFactory = (instance: Pick<ServiceInstance, 'host' | 'port'>) => ClientProxy;

const tcpProxy: ProxyFactory = ({ host, port }) =>
  ClientProxyFactory.create({ transport: Transport.TCP, options: { host, port } });

/** Options of {@link RpcInstancePool}. */
export interface RpcInstancePoolOptions {
  service: string;
  source: InstanceSource;
  balancer: Balancer;
  /**
   * How long the connection to an instance that left the registry stays open, so calls already
   * sent to it can still get their answer (it deregisters first, then drains). Default 10 s.
   */
  closeGraceMs?: number;
  createProxy?: ProxyFactory;
}

/**
 * The instances of one service, as the directory lists them, each with its own lazily opened
 * TCP connection. Picks with the balancer among the instances that match the route, preferring
 * those not cooling down after a failure; closes the connection of an instance that leaves.
 */
export class RpcInstancePool implements RpcEndpoints {
  readonly service: string;
  private readonly endpoints = new Map<string, RpcEndpoint>();
  private readonly closing = new Set<NodeJS.Timeout>();
  private readonly unsubscribe: () => void;
  private readonly createProxy: ProxyFactory;

  constructor(private readonly options: RpcInstancePoolOptions) {
    this.service = options.service;
    this.createProxy = options.createProxy ?? tcpProxy;
    this.unsubscribe = options.source.onChange((service, instances) => {
      if (service === this.service) this.prune(instances);
    });
  }

  pick(route: RpcRoute | undefined, exclude: ReadonlySet<string>): RpcEndpoint | undefined {
    const { source, balancer } = this.options;
    const candidates = this.callable().filter(
      (i) => matchesRoute(i, route) && !exclude.has(i.instanceId),
    );
    if (candidates.length === 0) return undefined;
    const healthy = candidates.filter((i) => source.isHealthy(this.service, i.instanceId));
    // All cooling down: still try one rather than fail without trying.
    return this.endpointFor(balancer.pick(healthy.length > 0 ? healthy : candidates));
  }

  reportFailure(endpoint: RpcEndpoint): void {
    this.options.source.markUnhealthy(this.service, endpoint.instanceId);
  }

  describeNone(route: RpcRoute | undefined): string {
    const known = this.callable();
    const filter = describeRoute(route);
    if (known.length === 0) return `No instance of ${this.service} is registered`;
    return filter
      ? `No instance of ${this.service} matches ${filter} (${known.length} registered)`
      : `No other instance of ${this.service} is available`;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const timer of this.closing) clearTimeout(timer);
    this.closing.clear();
    const all = [...this.endpoints.values()];
    this.endpoints.clear();
    await Promise.allSettled(all.map(async (e) => closeProxy(e.proxy)));
  }

  private callable(): readonly ServiceInstance[] {
    return this.options.source.instances(this.service).filter((i) => i.protocol === 'newsreel-tcp');
  }

  private endpointFor(instance: ServiceInstance): RpcEndpoint {
    const existing = this.endpoints.get(instance.instanceId);
    if (existing && existing.host === instance.host && existing.port === instance.port)
      return existing;
    if (existing) this.retire(existing);
    const endpoint: RpcEndpoint = {
      service: this.service,
      instanceId: instance.instanceId,
      host: instance.host,
      port: instance.port,
      proxy: this.createProxy(instance),
    };
    this.endpoints.set(instance.instanceId, endpoint);
    return endpoint;
  }

  /** Retires the connections of instances that left (or moved to another address). */
  private prune(instances: readonly ServiceInstance[]): void {
    const current = new Map(instances.map((i) => [i.instanceId, i]));
    for (const [id, endpoint] of this.endpoints) {
      const now = current.get(id);
      if (!now || now.host !== endpoint.host || now.port !== endpoint.port) {
        this.endpoints.delete(id);
        this.retire(endpoint);
      }
    }
  }

  private retire(endpoint: RpcEndpoint): void {
    const timer = setTimeout(() => {
      this.closing.delete(timer);
      void closeProxy(endpoint.proxy).catch(() => undefined);
    }, this.options.closeGraceMs ?? 10_000);
    timer.unref();
    this.closing.add(timer);
  }
}

/** `ClientProxy.close()` is typed `any` (sync for TCP, async for others): always a promise here. */
async function closeProxy(proxy: ClientProxy): Promise<void> {
  await (proxy.close() as unknown);
}

/**
 * One fixed connection (what `new RpcClient(contract, proxy, ...)` gets): no balancing, no
 * second instance to retry on. Tests and one-off tools use it.
 */
export class DirectEndpoint implements RpcEndpoints {
  private readonly endpoint: RpcEndpoint;

  constructor(
    readonly service: string,
    proxy: ClientProxy,
  ) {
    // The Nest TCP client keeps its address in fields of its own; read them for span attributes.
    const address = proxy as unknown as { host?: unknown; port?: unknown };
    this.endpoint = {
      service,
      instanceId: `${service}-direct`,
      host: typeof address.host === 'string' ? address.host : '',
      port: typeof address.port === 'number' ? address.port : 0,
      proxy,
    };
  }

  pick(_route: RpcRoute | undefined, exclude: ReadonlySet<string>): RpcEndpoint | undefined {
    return exclude.has(this.endpoint.instanceId) ? undefined : this.endpoint;
  }

  reportFailure(): void {
    // one connection: nothing to steer away from
  }

  describeNone(): string {
    return `No other instance of ${this.service} is available`;
  }

  async close(): Promise<void> {
    await this.endpoint.proxy.close();
  }
}
