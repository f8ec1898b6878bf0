/**
 * Embedded single-node Kafka broker speaking the real Kafka wire protocol (the subset
 * kafkajs 2.x and NestJS's Kafka transport use), for local development and tests where no
 * Apache Kafka is available. See README.md for supported APIs and limits.
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
