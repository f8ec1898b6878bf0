export * from './create-logger';
export * from './nest-logger';
