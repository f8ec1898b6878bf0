/** DI token of the `NotificationRepository` port. */
export const NOTIFICATION_REPOSITORY = Symbol('NOTIFICATION_REPOSITORY');
/** DI token of the `Clock` port. */
export const CLOCK = Symbol('CLOCK');
