import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { MetricsRegistry } from '@newsreel/shared-metrics';
import { MessagingStats } from './messaging-stats';

/**
 * Exposes {@link MessagingStats} as `messaging_stats{stat="..."}` (outbox backlog, published,
 * dead-lettered, duplicates skipped, ...), read at each scrape of `/metrics`. Optional: without a
 * metrics registry it does nothing.
 */
@Injectable()
export class MessagingMetrics implements OnModuleInit {
  constructor(
    private readonly stats: MessagingStats,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    this.metrics?.registerCollector(
      'messaging_stats',
      'Messaging counters since start; outboxBacklog is the unsent outbox rows last seen.',
      () => ({ ...this.stats.snapshot() }),
    );
  }
}
