import { Controller, Inject, type Type } from '@nestjs/common';
import {
  PLATFORM_CONFIG,
  type PlatformConfig,
  SERVICE_INFO,
  type ServiceInfo,
} from '@newsreel/shared-config';
import type { Contract, PingResponse, pingMethod } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';

/** A contract the platform can serve: every service contract has `ping`. */
export type ServedContract = Contract<string, { ping: typeof pingMethod }>;

/**
 * Builds the controller that answers `ping` for `contract`. Every service gets it from the
 * platform module rather than writing its own: it is how callers check the RPC path is alive.
 */
export function pingControllerFor(contract: ServedContract): Type<unknown> {
  if (!contract.methods.ping) throw new Error(`${contract.package} has no ping method`);

  @Controller()
  class PingRpcController {
    constructor(
      @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
      @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    ) {}

    @RpcMethod(contract, 'ping')
    ping(): PingResponse {
      return {
        service: this.info.name,
        instanceId: this.config.instanceId ?? this.info.name,
        version: this.info.version,
        uptimeMs: Math.round(process.uptime() * 1000),
      };
    }
  }
  return PingRpcController;
}
