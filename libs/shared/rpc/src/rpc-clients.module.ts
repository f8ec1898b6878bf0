import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import {
  type BackendServiceName,
  PLATFORM_CONFIG,
  type PlatformConfig,
} from '@newsreel/shared-config';
import type { Contract } from '@newsreel/shared-contracts';
import { ReadinessRegistry } from '@newsreel/shared-health';
import { RpcClient } from './rpc-client';

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
 * Provides one {@link RpcClient} per contract, addressed by configuration (static addresses:
 * stage 1 "direct connect"; the discovery lib replaces the address source in stage 2).
 */
@Module({})
export class RpcClientsModule {
  static register(contracts: Contract[], options: RpcClientsOptions = {}): DynamicModule {
    const providers: Provider[] = contracts.map((contract) => ({
      provide: rpcClientToken(contract),
      inject: [PLATFORM_CONFIG],
      useFactory: (config: PlatformConfig) => {
        const target = config.services[contract.service as BackendServiceName];
        if (!target) throw new Error(`No address configured for service "${contract.service}"`);
        const proxy = ClientProxyFactory.create({
          transport: Transport.TCP,
          options: { host: target.host, port: target.rpcPort },
        });
        return new RpcClient(contract, proxy, {
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
