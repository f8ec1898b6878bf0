import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ConfigError,
  ENV_BINDINGS,
  PLATFORM_CONFIG,
  type PlatformConfig,
  SERVICE_INFO,
  type ServiceInfo,
} from '@newsreel/shared-config';
import { ServiceRegistrar } from '@newsreel/shared-discovery';
import { ReadinessRegistry } from '@newsreel/shared-health';
import { LOGGER, type Logger, NestPinoLogger } from '@newsreel/shared-logging';
import { MetricsRegistry, installHttpMetrics } from '@newsreel/shared-metrics';
import { installServedByHeader } from '@newsreel/shared-rpc';
import { TRACING, type Tracing, installHttpTracing } from '@newsreel/shared-tracing';

/** Message the launcher receives over IPC when a child is ready. */
export interface ReadyMessage {
  type: 'newsreel:ready';
  service: string;
  instanceId: string;
  pid: number;
  httpPort: number;
  rpcPort?: number;
}

/**
 * Starts a service built on {@link PlatformModule}: HTTP (Fastify) for health and the public API,
 * the TCP RPC server when the service serves a contract, graceful shutdown on SIGTERM/SIGINT
 * (and when the launcher that spawned it goes away). Fails fast with a readable message on bad
 * configuration or a busy port.
 */
/** Options of {@link bootstrap}. */
export interface BootstrapOptions {
  /** Runs after the app is created and before it listens (e.g. to mount the OpenAPI UI). */
  beforeListen?: (app: NestFastifyApplication) => void | Promise<void>;
}

export async function bootstrap(
  appModule: Type<unknown>,
  options: BootstrapOptions = {},
): Promise<NestFastifyApplication> {
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      appModule,
      new FastifyAdapter({ bodyLimit: 1024 * 1024, return503OnClosing: true }),
      // Nest's own console logger stays off until pino is wired, so a start-up failure is
      // reported once, by fail(), and not as a coloured stack trace first.
      { logger: false, abortOnError: false },
    );
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : error);
  }
  const config = app.get<PlatformConfig>(PLATFORM_CONFIG);
  const info = app.get<ServiceInfo>(SERVICE_INFO);
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new NestPinoLogger(logger));
  // Before any route is registered (that happens at listen), so every request is counted.
  installHttpMetrics(app.getHttpAdapter().getInstance(), app.get(MetricsRegistry));
  // A server span per request and a `traceparent` on every response (when tracing is on).
  if (app.get<Tracing>(TRACING).enabled) installHttpTracing(app.getHttpAdapter().getInstance());
  // `x-newsreel-upstream: video-2,...` on responses: which instances served (not in production).
  if (config.env !== 'production') installServedByHeader(app.getHttpAdapter().getInstance());

  const http = config.services[info.name];
  const rpcPort = 'rpcPort' in http ? http.rpcPort : undefined;
  const bindHost = config.bindHost ?? http.host;
  try {
    if (info.contract && rpcPort !== undefined) {
      app.connectMicroservice<MicroserviceOptions>(
        { transport: Transport.TCP, options: { host: bindHost, port: rpcPort } },
        { inheritAppConfig: true },
      );
      await app.startAllMicroservices();
    }
    await options.beforeListen?.(app);
    await app.listen({ host: bindHost, port: http.httpPort });
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    await app.close().catch(() => undefined);
    return fail(describeListenError(error, info, config));
  }

  installShutdown(app, config, logger);
  const address = app.getHttpServer().address();
  const httpPort = typeof address === 'object' && address ? address.port : http.httpPort;
  // Register only now that it answers (callers may pick it at once), at the advertised host.
  const serves = info.contract !== undefined && rpcPort !== undefined;
  try {
    await app.get(ServiceRegistrar).start({
      host: http.host,
      port: serves && rpcPort !== undefined ? rpcPort : httpPort,
      protocol: serves ? 'newsreel-tcp' : 'http',
      metadata: { httpPort },
    });
  } catch (error) {
    await app.close().catch(() => undefined);
    return fail(error instanceof Error ? error.message : error);
  }
  logger.info({ httpPort, rpcPort }, `${info.name} ready`);
  const ready: ReadyMessage = {
    type: 'newsreel:ready',
    service: info.name,
    instanceId: config.instanceId ?? info.name,
    pid: process.pid,
    httpPort,
    rpcPort,
  };
  process.send?.(ready);
  return app;
}

function describeListenError(error: unknown, info: ServiceInfo, config: PlatformConfig): unknown {
  const { code, port } = (error ?? {}) as { code?: string; port?: number };
  if (code !== 'EADDRINUSE') return error;
  const ports = config.services[info.name] as Record<string, unknown>;
  const key = Object.keys(ports).find((k) => k.endsWith('Port') && ports[k] === port);
  const setting = ENV_BINDINGS.find((b) => b.key === `services.${info.name}.${key}`)?.env;
  return `${info.name}: port ${port} is already in use${setting ? `; set ${setting} to move it` : ''}`;
}

function installShutdown(app: NestFastifyApplication, config: PlatformConfig, logger: Logger) {
  let closing = false;
  const shutdown = (reason: string) => {
    if (closing) return;
    closing = true;
    // Arm the deadline first: nothing below (a log write to a dead pipe, a stuck socket) may
    // keep the process alive past its shutdown budget.
    setTimeout(() => process.exit(1), config.shutdown.timeoutMs).unref();
    app.get(ReadinessRegistry).markDraining();
    safely(() => logger.info({ reason }, 'shutting down: draining'));
    // Leave the registry first, so callers stop choosing this instance while it drains.
    app
      .get(ServiceRegistrar)
      .stop()
      .then(() => app.close())
      .then(() => safely(() => logger.info('stopped')))
      .catch((error: unknown) =>
        safely(() => logger.error({ err: error }, 'error during shutdown')),
      )
      .finally(() => {
        safely(() => logger.flush());
        process.exit(0);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Spawned by the launcher with an IPC channel: if the launcher dies, so do we (no orphans).
  // Its stdout is a pipe to the dead launcher then, so stop writing to it first.
  if (process.send) {
    const orphaned = () => {
      logger.level = 'silent';
      shutdown('launcher gone');
    };
    // The launcher may have died while this process was still starting.
    if (!process.connected) orphaned();
    else process.once('disconnect', orphaned);
  }
}

/** Logging must never stop a shutdown (stdout may be a pipe whose reader is gone). */
function safely(write: () => void): void {
  try {
    write();
  } catch {
    // nothing sensible left to report it to
  }
}

function fail(error: unknown): never {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
