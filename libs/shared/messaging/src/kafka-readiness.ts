import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry, type ReadinessResult } from '@newsreel/shared-health';
import type { Admin, Kafka } from 'kafkajs';
import { KAFKA } from './messaging.tokens';

/**
 * The readiness check `kafka`: one `DescribeCluster` round trip on a kafkajs admin client that
 * never retries (the health endpoint wants the current state, not a retry loop), reconnected
 * after a failure.
 */
@Injectable()
export class KafkaReadiness implements OnModuleInit, BeforeApplicationShutdown {
  private admin: Admin | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('kafka', () => this.check());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reset();
  }

  private async check(): Promise<ReadinessResult> {
    const started = performance.now();
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin({ retry: { retries: 0 } });
        await this.admin.connect();
      }
      const cluster = await this.admin.describeCluster();
      return {
        up: true,
        brokers: cluster.brokers.length,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
      };
    } catch (error) {
      await this.reset();
      throw error;
    }
  }

  private async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
