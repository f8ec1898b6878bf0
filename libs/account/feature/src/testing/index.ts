// Fakes of the account ports for unit tests. Not exported from the lib's index (our build has no
// secondary entry points): specs import them relatively, and production code never does.
export * from './fake-password-hasher';
export * from './in-memory-follow.repository';
export * from './in-memory-refresh-token.repository';
export * from './in-memory-user.repository';
export * from './account-test-kit';
