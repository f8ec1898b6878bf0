import { Module } from '@nestjs/common';
import { NOTIFICATION_REPOSITORY } from '@newsreel/push-domain';
import type { PersistenceParts } from '@newsreel/shared-persistence';
import { CreateNotifications1768000000000 } from './migrations/1768000000000-create-notifications.migration';
import { NotificationRecord } from './notification.record';
import { TypeOrmNotificationRepository } from './typeorm-notification.repository';

/**
 * The push schema, for `PersistenceModule.forService(...)` (the feature module adds the
 * messaging tables beside it): its entities and migrations, in order.
 */
export const PUSH_PERSISTENCE: PersistenceParts = {
  entities: [NotificationRecord],
  migrations: [CreateNotifications1768000000000],
};

/**
 * Binds the push repository port to its TypeORM adapter. Needs the `DataSource` of a
 * `PersistenceModule.forService(...)` with {@link PUSH_PERSISTENCE} and the `TypeOrmUnitOfWork`
 * of `MessagingModule.forService()` imported alongside (both modules are global).
 */
@Module({
  providers: [{ provide: NOTIFICATION_REPOSITORY, useClass: TypeOrmNotificationRepository }],
  exports: [NOTIFICATION_REPOSITORY],
})
export class PushDataAccessModule {}
