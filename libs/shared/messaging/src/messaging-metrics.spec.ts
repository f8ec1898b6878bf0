import { MetricsRegistry } from '@newsreel/shared-metrics';
import { MessagingMetrics } from './messaging-metrics';
import { MessagingStats } from './messaging-stats';

describe('MessagingMetrics', () => {
  it('exposes outbox backlog, published, dead-lettered and duplicates as gauges', async () => {
    const stats = new MessagingStats();
    const metrics = new MetricsRegistry({
      service: 'like',
      instance: 'like-1',
      defaultMetrics: false,
    });
    new MessagingMetrics(stats, metrics).onModuleInit();
    stats.increment('published', 3);
    stats.increment('deadLettered');
    stats.increment('duplicatesSkipped', 2);
    stats.setOutboxBacklog(5);
    const text = await metrics.metrics();
    expect(text).toContain('messaging_stats{stat="published",service="like",instance="like-1"} 3');
    expect(text).toContain(
      'messaging_stats{stat="deadLettered",service="like",instance="like-1"} 1',
    );
    expect(text).toContain(
      'messaging_stats{stat="duplicatesSkipped",service="like",instance="like-1"} 2',
    );
    expect(text).toContain(
      'messaging_stats{stat="outboxBacklog",service="like",instance="like-1"} 5',
    );
  });
});
