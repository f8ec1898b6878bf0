export * from './bulkhead';
export * from './rate-limiter';
