import { Module } from '@nestjs/common';
import { NOTIFICATION_REPOSITORY } from '@newsreel/push-domain';
import { withMessagingTables } from '@newsreel/shared-messaging';
import { PersistenceModule, type PersistenceParts } from '@newsreel/shared-persistence';
import { CreateNotifications1768000000000 } from './migrations/1768000000000-create-notifications.migration';
import { NotificationRecord } from './notification.record';
import { TypeOrmNotificationRepository } from './typeorm-notification.repository';

/** The push database's schema: the `notifications` table plus the outbox and inbox. */
export const PUSH_PERSISTENCE: PersistenceParts = withMessagingTables({
  entities: [NotificationRecord],
  migrations: [CreateNotifications1768000000000],
});

/**
 * The push database (its own, per service) and the TypeORM adapter of the
 * `NotificationRepository` port. Needs the `TypeOrmUnitOfWork` of `MessagingModule.forService()`
 * beside it.
 */
@Module({
  imports: [PersistenceModule.forService(PUSH_PERSISTENCE)],
  providers: [{ provide: NOTIFICATION_REPOSITORY, useClass: TypeOrmNotificationRepository }],
  exports: [NOTIFICATION_REPOSITORY],
})
export class PushDataAccessModule {}
