/**
 * Where the config centre reports what it does: the subset of a pino logger it uses, so this
 * lib needs no logging dependency (the platform passes its pino logger).
 */
export interface ConfigLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
