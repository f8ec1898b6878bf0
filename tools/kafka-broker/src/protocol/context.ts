import type { GroupCoordinator } from '../groups/group-coordinator';
import type { OffsetStore } from '../groups/offset-store';
import type { ParkedFetches } from '../log/parked-fetches';
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

/** Request header v1 (the only one the advertised, non-flexible versions use). */
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
 * rebalance); the connection keeps responses in request order.
 */
export interface ApiHandler {
  apiKey: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  handle(ctx: RequestContext, r: Reader, w: Writer): void | boolean | Promise<void | boolean>;
}
