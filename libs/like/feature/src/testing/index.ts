// The like use cases wired to fakes, for unit tests. The fakes of the like ports are in like-domain's testing entry
// (`@newsreel/like-domain/testing`); production code never imports either.
export * from './like-test-kit';
