import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from './index';
import type { BrokerHandle } from './options';
import type { TestProducer } from './testing/batch-builder';
import { buildBatch } from './testing/batch-builder';
import { SchemaClient } from './testing/schema-client';
import type { Message } from './testing/schema-codec';

const TOPIC = 'idempotent';
const OUT_OF_ORDER_SEQUENCE_NUMBER = 45;
const INVALID_PRODUCER_EPOCH = 47;

/**
 * The idempotent producer over the wire (InitProducerId, then Produce v9 batches carrying
 * producer id, epoch and sequence), as librdkafka >= 2 and the Java client >= 3 send by
 * default: a retried batch is answered with its first offset and not appended again, also
 * after a broker restart; gaps and fenced epochs are refused.
 */
describe('idempotent producer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'idempotent-broker-'));
  let broker: BrokerHandle;
  let client: SchemaClient;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, dataDir, defaultPartitions: 1 });
    client = await SchemaClient.connect(broker.port);
    const created = await client.call('CreateTopics', 5, {
      Topics: [{ Name: TOPIC, NumPartitions: 1, ReplicationFactor: 1 }],
      timeoutMs: 5_000,
    });
    expect((created.Topics as Message[])[0].ErrorCode).toBe(0);
  });

  afterAll(async () => {
    client.close();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const produce = async (
    producer: TestProducer,
    values: string[],
  ): Promise<{ error: number; offset: bigint }> => {
    const res = await client.call('Produce', 9, {
      TransactionalId: null,
      Acks: -1,
      TimeoutMs: 5_000,
      TopicData: [
        {
          Name: TOPIC,
          PartitionData: [
            {
              Index: 0,
              Records: buildBatch(
                values.map((value) => ({ value })),
                Date.now(),
                0,
                producer,
              ),
            },
          ],
        },
      ],
    });
    const partition = ((res.Responses as Message[])[0].PartitionResponses as Message[])[0];
    return { error: partition.ErrorCode as number, offset: partition.BaseOffset as bigint };
  };

  const logEnd = async (): Promise<bigint> => {
    const res = await client.call('ListOffsets', 6, {
      ReplicaId: -1,
      Topics: [
        { Name: TOPIC, Partitions: [{ PartitionIndex: 0, CurrentLeaderEpoch: -1, Timestamp: -1 }] },
      ],
    });
    return ((res.Topics as Message[])[0].Partitions as Message[])[0].Offset as bigint;
  };

  it('appends a retried batch once, refuses gaps and old epochs, and remembers across a restart', async () => {
    const init = await client.call('InitProducerId', 4, {
      TransactionalId: null,
      TransactionTimeoutMs: 60_000,
      ProducerId: -1,
      ProducerEpoch: -1,
    });
    expect(init.ErrorCode).toBe(0);
    const id = init.ProducerId as bigint;
    const epoch = init.ProducerEpoch as number;

    const first = await produce({ id, epoch, sequence: 0 }, ['a', 'b']);
    expect(first).toEqual({ error: 0, offset: 0n });
    const second = await produce({ id, epoch, sequence: 2 }, ['c']);
    expect(second).toEqual({ error: 0, offset: 2n });

    // a retry of either batch (its ack was lost) gets its original offset back
    expect(await produce({ id, epoch, sequence: 0 }, ['a', 'b'])).toEqual(first);
    expect(await produce({ id, epoch, sequence: 2 }, ['c'])).toEqual(second);
    expect(await logEnd()).toBe(3n);

    // a gap (sequence 3 was never sent) is refused
    expect((await produce({ id, epoch, sequence: 4 }, ['e'])).error).toBe(
      OUT_OF_ORDER_SEQUENCE_NUMBER,
    );
    expect(await logEnd()).toBe(3n);

    // the producer state is rebuilt from the log: the retry is still recognised
    const port = broker.port;
    client.close();
    await broker.stop();
    broker = await startBroker({ port, dataDir, defaultPartitions: 1 });
    client = await SchemaClient.connect(broker.port);
    expect(await produce({ id, epoch, sequence: 2 }, ['c'])).toEqual(second);
    expect(await produce({ id, epoch, sequence: 3 }, ['d'])).toEqual({ error: 0, offset: 3n });

    // a bumped epoch restarts at 0 and fences the old one
    expect(await produce({ id, epoch: epoch + 1, sequence: 0 }, ['e'])).toEqual({
      error: 0,
      offset: 4n,
    });
    expect((await produce({ id, epoch, sequence: 4 }, ['f'])).error).toBe(INVALID_PRODUCER_EPOCH);
    expect(await logEnd()).toBe(5n);
  });
});
