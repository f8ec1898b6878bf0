export * from './fake-password-hasher';
export * from './in-memory-follow.repository';
export * from './in-memory-refresh-token.repository';
export * from './in-memory-user.repository';
