import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import type { Contract } from '@newsreel/shared-contracts';
import {
  FixedInstanceSource,
  type InstanceSource,
  ServiceDirectory,
  staticInstances,
} from '@newsreel/shared-discovery';
import { ReadinessRegistry } from '@newsreel/shared-health';
import { createBalancer } from './rpc-balancer';
import { RpcClient } from './rpc-client';
import { RpcInstancePool } from './rpc-endpoints';

/** DI token of the {@link RpcClient} for a contract. */
export function rpcClientToken(contract: Contract): string {
  return `RpcClient:${contract.package}`;
}

/** Injects the typed client of `contract` (registered by {@link RpcClientsModule.register}). */
export const InjectRpcClient = (contract: Contract) => Inject(rpcClientToken(contract));

/** Options of {@link RpcClientsModule.register}. */
export interface RpcClientsOptions {
  /** Register a readiness check per upstream that calls its `ping` (the gateway does). */
  readiness?: boolean;
}

/**
 * Provides one {@link RpcClient} per contract. Each client balances over the instances the
 * {@link ServiceDirectory} (shared-discovery, provided by the platform module) lists for its
 * service, with the balancer `discovery.balancer` names; registering a contract here is what
 * makes the directory track that service. Without a directory (a bare test module) the static
 * addresses in `services.*` are used, as stage 1 "direct connect" does.
 */
@Module({})
export class RpcClientsModule {
  static register(contracts: Contract[], options: RpcClientsOptions = {}): DynamicModule {
    const providers: Provider[] = contracts.map((contract) => ({
      provide: rpcClientToken(contract),
      inject: [PLATFORM_CONFIG, { token: ServiceDirectory, optional: true }],
      useFactory: (config: PlatformConfig, directory: ServiceDirectory | undefined) => {
        const source: InstanceSource =
          directory ?? new FixedInstanceSource(staticInstances(config));
        directory?.track(contract.service);
        const pool = new RpcInstancePool({
          service: contract.service,
          source,
          balancer: createBalancer(config.discovery.balancer),
          // Calls already sent to an instance that left may take up to a full deadline.
          closeGraceMs: config.rpc.timeoutMs + 1000,
        });
        return new RpcClient(contract, pool, {
          timeoutMs: config.rpc.timeoutMs,
          caller: config.instanceId ?? 'unknown',
        });
      },
    }));
    const tokens = contracts.map(rpcClientToken);
    const lifecycle: Provider = {
      provide: RpcClientsLifecycle,
      inject: [ReadinessRegistry, ...tokens],
      useFactory: (readiness: ReadinessRegistry, ...clients: RpcClient<Contract>[]) =>
        new RpcClientsLifecycle(clients, options.readiness ? readiness : undefined),
    };
    return { module: RpcClientsModule, providers: [...providers, lifecycle], exports: tokens };
  }
}

/** Registers upstream readiness checks and closes every connection on shutdown. */
class RpcClientsLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly clients: RpcClient<Contract>[],
    readiness: ReadinessRegistry | undefined,
  ) {
    for (const client of clients) {
      readiness?.register(client.contract.service, async () => {
        const started = performance.now();
        const pong = (await client.call('ping', {}, { timeoutMs: 1000 })) as { instanceId: string };
        return {
          up: true,
          instanceId: pong.instanceId,
          latencyMs: +(performance.now() - started).toFixed(2),
        };
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.clients.map((client) => client.close()));
  }
}
