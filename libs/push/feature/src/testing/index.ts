// Fakes of push's neighbours (the account client), for unit tests. The fakes of the push ports are in push-domain's testing entry
// (`@newsreel/push-domain/testing`); production code never imports either.
export * from './fake-account-client';
