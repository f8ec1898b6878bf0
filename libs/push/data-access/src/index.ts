export * from './migrations/1768000000000-create-notifications.migration';
export * from './notification.record';
export * from './push-data-access.module';
export * from './typeorm-notification.repository';
