/** DI token of the `NotificationRepository` port. */
export const NOTIFICATION_REPOSITORY = Symbol('NOTIFICATION_REPOSITORY');
