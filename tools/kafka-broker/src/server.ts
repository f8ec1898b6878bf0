import * as fs from 'node:fs';
import * as net from 'node:net';
import { Connection } from './connection';
import { GroupCoordinator } from './groups/group-coordinator';
import { OffsetStore } from './groups/offset-store';
import { ParkedFetches } from './log/parked-fetches';
import { ProducerIds } from './log/producer-state';
import { TopicRegistry } from './log/topic-registry';
import { type BrokerHandle, type BrokerOptions, resolveOptions } from './options';
import type { BrokerContext } from './protocol/context';
import { SyncScheduler } from './storage/sync-scheduler';

/**
 * Starts an embedded single-node Kafka broker speaking the Kafka wire protocol, for kafkajs
 * and NestJS's Kafka transport. With `dataDir` the log and committed offsets are durable;
 * without it everything lives in memory.
 *
 * @example
 * const broker = await startBroker({ port: 0 });
 * const kafka = new Kafka({ brokers: [broker.address] });
 * // ...
 * await broker.stop();
 */
export async function startBroker(options: BrokerOptions = {}): Promise<BrokerHandle> {
  const opts = resolveOptions(options);
  const { logger } = opts;
  const sync = new SyncScheduler(opts.dataDir !== null && opts.fsync);
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });

  const topics = new TopicRegistry({
    dataDir: opts.dataDir,
    sync,
    logger,
    defaults: opts.topicDefaults,
    perTopic: opts.topicOverrides,
    cacheBytes: opts.cacheBytesPerPartition,
    maxBatchBytes: opts.maxFrameBytes,
  });
  const offsets = new OffsetStore(opts.dataDir, sync, logger);
  topics.load();
  offsets.load();
  topics.onDelete((topic) => offsets.deleteTopic(topic));

  const parked = new ParkedFetches();
  const groups = new GroupCoordinator(opts.groups, offsets, logger, (clientIds) =>
    parked.wakeClients(clientIds),
  );
  groups.start();

  let listenPort = opts.port;
  const context: BrokerContext = {
    options: opts,
    logger,
    topics,
    groups,
    offsets,
    parked,
    producerIds: new ProducerIds(),
    advertisedPort: () => listenPort,
  };

  const connections = new Set<Connection>();
  let nextConnectionId = 1;
  const server = net.createServer((socket) => {
    const connection = new Connection(nextConnectionId++, socket, context, (c) => {
      connections.delete(c);
      groups.connectionClosed(c.id);
    });
    connections.add(connection);
  });
  server.on('error', (err) => logger.error('kafka-broker: server error', { error: err.message }));

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(opts.port, opts.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  if (address && typeof address === 'object') listenPort = address.port;

  const retentionTimer = setInterval(() => {
    try {
      topics.applyRetention();
    } catch (err) {
      logger.error('kafka-broker: retention failed', { error: String(err) });
    }
  }, opts.retentionCheckIntervalMs);
  retentionTimer.unref();

  logger.info('kafka-broker: listening', {
    host: opts.host,
    port: listenPort,
    advertised: `${opts.advertisedHost}:${listenPort}`,
    dataDir: opts.dataDir ?? '(memory)',
    topics: topics.list().length,
  });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(retentionTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of connections) c.destroy();
      parked.wakeAll();
      await closed;
      groups.stop();
      await sync.drain();
      topics.close();
      offsets.close();
      logger.info('kafka-broker: stopped', { port: listenPort });
    })();
    return stopping;
  };

  return {
    port: listenPort,
    host: opts.advertisedHost,
    address: `${opts.advertisedHost}:${listenPort}`,
    stop,
  };
}
