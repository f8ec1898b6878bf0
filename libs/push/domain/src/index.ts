export * from './notification';
export * from './notification-cursor';
export * from './notification-id';
export * from './notification.repository.port';
export * from './push.tokens';
export * from './who-is-notified.policy';
