import type { PlatformConfig } from '@newsreel/shared-config';
import type { Logger } from '@newsreel/shared-logging';
import { Kafka, type LogEntry, type RetryOptions, logLevel } from 'kafkajs';

/**
 * Retry policy of the kafkajs client: connects and metadata requests give up after about 1.5 s
 * (four attempts, 100 ms doubling), because kafkajs nests this policy inside the producer's and
 * admin's own loops and the relay and readiness check want to notice an outage quickly; they
 * retry on their own schedule. Consumers keep going regardless (see
 * {@link KAFKA_CONSUMER_RETRY}); `restartOnFailure` is here too so that any consumer created from
 * this client restarts after a crash instead of stopping for good.
 */
export const KAFKA_RETRY: RetryOptions = {
  initialRetryTime: 100,
  maxRetryTime: 1000,
  retries: 3,
  restartOnFailure: () => Promise.resolve(true),
};

/**
 * Retry policy of consumers: generous (a broker restart or a rebalance is ridden out without a
 * crash), capped at 2 s between attempts so a broker that comes back is noticed quickly, and a
 * restart after any crash (kafkajs' default stops a consumer for good after non-retriable ones).
 */
export const KAFKA_CONSUMER_RETRY: RetryOptions = {
  initialRetryTime: 200,
  maxRetryTime: 2000,
  retries: 10,
  restartOnFailure: () => Promise.resolve(true),
};

/**
 * The kafkajs client of one process, on `config.kafka.brokers`. Its own log lines go through
 * the service's pino logger (warnings and errors only: kafkajs is chatty at info), tagged
 * `component: kafkajs`. Throws when no broker is configured, naming the setting.
 *
 * @param clientId shows up in broker logs and group descriptions, e.g. `like-1`.
 * @param logger the service's pino logger; omit to drop kafkajs' own log lines (tools, tests).
 */
export function createKafka(config: PlatformConfig, clientId: string, logger?: Logger): Kafka {
  const brokers = config.kafka.brokers;
  if (brokers.length === 0) {
    throw new Error(
      'No Kafka brokers configured: set NEWSREEL_KAFKA_BROKERS (e.g. 127.0.0.1:9092); ' +
        'the dev launcher sets it to its embedded broker',
    );
  }
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    retry: KAFKA_RETRY,
    logLevel: kafkaLogLevel(config.log.level),
    logCreator: () => (logger ? pinoLogEntry(logger) : () => undefined),
  });
}

/** kafkajs logs at WARN (or ERROR when the service logs only errors, NOTHING when silent). */
function kafkaLogLevel(level: PlatformConfig['log']['level']): logLevel {
  if (level === 'silent') return logLevel.NOTHING;
  if (level === 'error' || level === 'fatal') return logLevel.ERROR;
  return logLevel.WARN;
}

function pinoLogEntry(logger: Logger): (entry: LogEntry) => void {
  const child = logger.child({ component: 'kafkajs' });
  return ({ namespace, level, log }) => {
    // `timestamp` and `logger` duplicate what pino adds; the rest (broker, groupId, error) stays.
    const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
    const fields = { namespace, ...extra };
    if (level === logLevel.ERROR || level === logLevel.NOTHING) child.error(fields, message);
    else if (level === logLevel.WARN) child.warn(fields, message);
    else child.debug(fields, message);
  };
}
