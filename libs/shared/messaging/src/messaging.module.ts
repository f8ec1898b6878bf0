import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import {
  PLATFORM_CONFIG,
  type PlatformConfig,
  SERVICE_INFO,
  type ServiceInfo,
} from '@newsreel/shared-config';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import type { MessagingOptions } from './event-handler';
import { EventStream } from './event-stream';
import { InboxConsumer, type ResolvedMessagingOptions } from './inbox-consumer';
import { createKafka } from './kafka';
import { KafkaPublisher } from './kafka-publisher';
import { KafkaReadiness } from './kafka-readiness';
import { MessagingMetrics } from './messaging-metrics';
import { MessagingStats } from './messaging-stats';
import { KAFKA, MESSAGING_OPTIONS } from './messaging.tokens';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';

const DEFAULT_RETRY_DELAYS_MS = [100, 400, 1600];

/** The process's kafkajs client: `<service>-<instanceId>` as client id, logs through pino. */
const kafkaProvider: Provider = {
  provide: KAFKA,
  inject: [PLATFORM_CONFIG, SERVICE_INFO, LOGGER],
  useFactory: (config: PlatformConfig, info: ServiceInfo, logger: Logger) =>
    createKafka(config, config.instanceId ?? info.name, logger),
};

/**
 * Events over Kafka. Global, like `PersistenceModule`: import it once per app (in the app or the
 * feature module); `Outbox`, `TypeOrmUnitOfWork`, `EventStream` and `MessagingStats` are then injectable everywhere.
 */
@Global()
@Module({})
export class MessagingModule {
  /**
   * A backend service: the outbox and its relay, the service's consumer group with inbox
   * deduplication and dead-lettering, `EventStream`, and the readiness check `kafka`. Needs
   * `PlatformModule` and `PersistenceModule` (with {@link MESSAGING_PERSISTENCE} in its parts).
   *
   * Handler classes are resolved from the whole app: provide them in the module that imports
   * this one (then they can inject that module's providers). A handler nobody provides is built
   * here, which works when it injects only global providers.
   */
  static forService(options: MessagingOptions = {}): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        kafkaProvider,
        {
          provide: MESSAGING_OPTIONS,
          inject: [SERVICE_INFO],
          useFactory: (info: ServiceInfo): ResolvedMessagingOptions => ({
            groupId: options.groupId ?? info.name,
            subscriptions: options.subscriptions ?? [],
            fromBeginning: options.fromBeginning ?? true,
            retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
            unitOfWork: options.unitOfWork,
          }),
        },
        MessagingStats,
        MessagingMetrics,
        KafkaPublisher,
        OutboxRelay,
        Outbox,
        TypeOrmUnitOfWork,
        InboxConsumer,
        EventStream,
        KafkaReadiness,
      ],
      exports: [KAFKA, Outbox, TypeOrmUnitOfWork, EventStream, MessagingStats],
    };
  }

  /**
   * Only {@link EventStream} (plus `MessagingStats` and the readiness check): for a process with
   * no database, such as the gateway. Needs `PlatformModule`.
   */
  static forStreams(): DynamicModule {
    return {
      module: MessagingModule,
      providers: [kafkaProvider, MessagingStats, MessagingMetrics, EventStream, KafkaReadiness],
      exports: [KAFKA, EventStream, MessagingStats],
    };
  }
}
