import type { GroupCoordinator } from '../groups/group-coordinator';
import type { OffsetStore } from '../groups/offset-store';
import type { ParkedFetches } from '../log/parked-fetches';
import type { ProducerIds } from '../log/producer-state';
import type { TopicRegistry } from '../log/topic-registry';
import type { BrokerLogger, ResolvedOptions } from '../options';
import type { Reader } from './reader';
import type { Writer } from './writer';

/** Broker-wide state shared by all request handlers. */
export interface BrokerContext {
  options: ResolvedOptions;
  logger: BrokerLogger;
  topics: TopicRegistry;
  groups: GroupCoordinator;
  offsets: OffsetStore;
  parked: ParkedFetches;
  producerIds: ProducerIds;
  /** Port clients should connect to (known once listening). */
  advertisedPort(): number;
}

/** The connection a request arrived on. */
export interface ConnectionContext {
  id: number;
  clientHost: string;
  /** Registers a callback for when the connection closes; returns an unregister function. */
  onClose(cb: () => void): () => void;
  readonly closed: boolean;
}

/**
 * Request header v1 (`key, version, correlation id, client id`); flexible versions use v2,
 * which adds a tagged-field section that the dispatcher skips before the body.
 */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** Where the body starts in the frame. */
  bodyOffset: number;
}

/** Everything a handler gets besides the body reader and response writer. */
export interface RequestContext {
  broker: BrokerContext;
  connection: ConnectionContext;
  header: RequestHeader;
}

/**
 * One Kafka API. `handle` reads the body and writes the response body; returning `false`
 * means "send no response" (Produce with acks=0). It may be async (long-poll, fsync, group
 * rebalance); the connection keeps responses in request order. The request version is
 * `ctx.header.apiVersion`; for versions from `flexibleFrom` on, the reader and writer it
 * gets are in compact mode (see {@link Reader}).
 */
export interface ApiHandler {
  apiKey: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** First flexible version (KIP-482), when this broker supports any. */
  flexibleFrom?: number;
  handle(ctx: RequestContext, r: Reader, w: Writer): void | boolean | Promise<void | boolean>;
}
