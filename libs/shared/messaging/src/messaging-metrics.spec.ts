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

  it('counts the outbox backlog at each scrape, NaN when the count fails', async () => {
    const metrics = new MetricsRegistry({
      service: 'like',
      instance: 'like-1',
      defaultMetrics: false,
    });
    const messaging = new MessagingMetrics(new MessagingStats(), metrics);
    let rows: number | Error = 4;
    messaging.trackOutboxBacklog(() =>
      rows instanceof Error ? Promise.reject(rows) : Promise.resolve(rows),
    );
    expect(await metrics.metrics()).toContain('outbox_backlog{service="like",instance="like-1"} 4');
    rows = 0;
    expect(await metrics.metrics()).toContain('outbox_backlog{service="like",instance="like-1"} 0');
    rows = new Error('database down');
    // prom-client writes NaN as `Nan`; Prometheus parses either spelling.
    expect(await metrics.metrics()).toMatch(
      /^outbox_backlog\{service="like",instance="like-1"\} NaN$/im,
    );
  });

  it('counts published and failed outbox events by topic', async () => {
    const metrics = new MetricsRegistry({
      service: 'like',
      instance: 'like-1',
      defaultMetrics: false,
    });
    const messaging = new MessagingMetrics(new MessagingStats(), metrics);
    messaging.observePublished('like.created.v1', 3);
    messaging.observePublishFailed('like.created.v1', 2);
    const text = await metrics.metrics();
    expect(text).toContain(
      'outbox_published_total{topic="like.created.v1",service="like",instance="like-1"} 3',
    );
    expect(text).toContain(
      'outbox_publish_failures_total{topic="like.created.v1",service="like",instance="like-1"} 2',
    );
    // No outbox here: no backlog series at all (the gateway has none).
    expect(text).not.toContain('outbox_backlog');
  });

  it('keeps its series in a private registry without a MetricsRegistry', async () => {
    const messaging = new MessagingMetrics(new MessagingStats());
    messaging.setLag('t.v1', 0, 'g', 5);
    expect(await messaging.registry.metrics()).toContain(
      'kafka_consumer_lag{topic="t.v1",partition="0",group="g"} 5',
    );
  });
});
