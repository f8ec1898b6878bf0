export * from './env-bindings';
export * from './load-config';
export * from './platform-config.schema';
export * from './config.tokens';
export {
  type ConfigKeyMeta,
  type ReloadMode,
  HOT,
  LOCAL,
  configKeyRegistry,
} from './config-key.registry';
export * from './config-keys';
export * from './config-logger';
export * from './config-centre.port';
export * from './file.config-centre';
export * from './redis.config-centre';
export * from './open-config-centre';
export * from './config-snapshot';
export {
  type CentreProblem,
  CentreValidationError,
  centreKeyProblems,
  validateCentreValues,
} from './centre-validation';
export * from './config-centre-admin';
export * from './live-config';
export * from './service-info';
