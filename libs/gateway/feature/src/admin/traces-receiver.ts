import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import {
  TRACE_RECEIVER_PATH,
  TRACING,
  type Tracing,
  installOtlpReceiver,
} from '@newsreel/shared-tracing';
import type { FastifyInstance } from 'fastify';

/**
 * Mounts the OTLP/HTTP receiver (`POST /v1/traces`) on the gateway's server when the gateway
 * hosts the embedded trace store, so every service's exporter can send its spans here. Internal
 * use: outside `/api`, accepted from loopback and private networks only.
 */
@Injectable()
export class TracesReceiver implements OnModuleInit {
  constructor(
    @Inject(TRACING) private readonly tracing: Tracing,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const store = this.tracing.store;
    if (!store) return;
    // Routes are added before the server listens (module init runs first).
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    installOtlpReceiver(fastify, { store });
    this.logger.debug({ path: TRACE_RECEIVER_PATH }, 'OTLP trace receiver mounted');
  }
}
