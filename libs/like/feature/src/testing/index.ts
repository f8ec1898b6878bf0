// Fakes of the like ports for unit tests. Not exported from the lib's index (our build has no
// secondary entry points): specs import them relatively, and production code never does.
export * from './in-memory-like.repository';
export * from './io-tick';
export * from './like-test-kit';
