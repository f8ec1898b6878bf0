import type { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { type BackendServiceName, type PlatformConfig, loadConfig } from '@newsreel/shared-config';
import type { Contract, MethodName, RequestOf, ResponseOf } from '@newsreel/shared-contracts';
import { PlatformModule, type ServedContract } from '@newsreel/shared-platform';
import { RpcClient } from '@newsreel/shared-rpc';
import { freePort } from '@newsreel/shared-testing';

/** A service started by {@link startRpcService}. */
export interface StartedRpcService<C extends Contract> {
  /** The typed client the gateway would use, pointed at this server. */
  client: RpcClient<C>;
  /** Calls and also checks the reply against the contract's response schema. */
  call<K extends MethodName<C>>(name: K, request: RequestOf<C, K>): Promise<ResponseOf<C, K>>;
  config: PlatformConfig;
  app: INestMicroservice;
  close(): Promise<void>;
}

/** Options of {@link startRpcService}. */
export interface StartRpcServiceOptions<C extends ServedContract> {
  service: BackendServiceName;
  contract: C;
  /** The modules the app would import next to the platform module (its feature module). */
  imports: Array<Type<unknown> | DynamicModule>;
  /** `NEWSREEL_*` settings (database URL, Kafka brokers...); logging is silent unless set. */
  env?: Record<string, string>;
}

/**
 * Starts a service as it ships (the real platform module and feature module) behind a real
 * NestJS TCP server on a free port, configured by `env` instead of the process environment, and
 * returns the typed client to call it with.
 */
export async function startRpcService<C extends ServedContract>(
  options: StartRpcServiceOptions<C>,
): Promise<StartedRpcService<C>> {
  const config = loadConfig({
    service: options.service,
    // Static discovery: a test service reaches its upstreams at the addresses in `env`, never
    // through a registry directory a developer's running `npm start` may share.
    env: { NEWSREEL_LOG_LEVEL: 'silent', NEWSREEL_DISCOVERY_REGISTRY: 'static', ...options.env },
  });
  @Module({
    imports: [
      PlatformModule.forService(options.service, options.contract, { config }),
      ...options.imports,
    ],
  })
  class TestServiceModule {}

  const port = await freePort();
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(TestServiceModule, {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port },
    logger: false,
    abortOnError: false,
  });
  await app.listen();
  const client = new RpcClient(
    options.contract,
    ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } }),
    { timeoutMs: 10_000, caller: 'test' },
  );
  return {
    client,
    config,
    app,
    async call(name, request) {
      const response = await client.call(name, request);
      const methods = options.contract.methods as Record<
        string,
        { response: { parse(v: unknown): unknown } }
      >;
      return methods[name].response.parse(response) as typeof response;
    },
    async close() {
      await client.close();
      await app.close();
    },
  };
}
