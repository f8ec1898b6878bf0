import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MetricsRegistry } from './metrics.registry';

/** `GET /metrics`: the Prometheus text exposition of this process. */
@Controller('metrics')
export class MetricsHttpController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('content-type', this.metrics.contentType);
    return this.metrics.metrics();
  }
}
