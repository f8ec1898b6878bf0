// Fakes of push's ports and neighbours for unit tests. Not exported from the lib's index (our
// build has no secondary entry points): specs import them relatively, and production code never does.
export * from './fake-account-client';
export * from './in-memory-notification.repository';
