// The account use cases wired to fakes, for unit tests. The fakes of the account ports are in account-domain's testing entry
// (`@newsreel/account-domain/testing`); production code never imports either.
export * from './account-test-kit';
