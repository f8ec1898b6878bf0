export * from './in-memory-notification.repository';
