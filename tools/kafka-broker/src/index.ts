/**
 * Embedded single-node Kafka broker speaking the real Kafka wire protocol, with version
 * ranges as Apache Kafka advertises them (tested with kafkajs 2.x, NestJS's Kafka transport
 * and librdkafka through kcat), for local development and tests where no Apache Kafka is
 * available. See README.md for supported APIs, versions and limits.
 * @packageDocumentation
 */
export { startBroker } from './server';
export type {
  BrokerHandle,
  BrokerLogger,
  BrokerOptions,
  GroupOptions,
  RetentionOptions,
  TopicRetentionOptions,
} from './options';
