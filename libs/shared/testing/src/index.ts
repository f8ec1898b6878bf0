export * from './free-port';
export * from './wait-for';
export * from './test-databases';
export * from './throwaway-redis';
export * from './event-recorder';
export * from './request-from-address';
export * from './process-memory';
