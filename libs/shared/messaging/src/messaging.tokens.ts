/** DI token of the process's kafkajs `Kafka` client (see `createKafka`). */
export const KAFKA = Symbol('KAFKA');
/** DI token of the normalised `MessagingOptions`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
