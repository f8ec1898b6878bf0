import { startBroker } from './index';
import type { BrokerHandle } from './options';
import type { ApiSchema } from './testing/api-schemas';
import { API_SCHEMAS } from './testing/api-schemas';
import { buildBatch } from './testing/batch-builder';
import { testKafka } from './testing/helpers';
import type { ApiName } from './testing/schema-client';
import { SchemaClient } from './testing/schema-client';
import type { Message } from './testing/schema-codec';

const TOPIC = 'versions';
const NODE_ID = 7;

/**
 * Every version of every API the broker advertises, over TCP: each request is encoded by an
 * independent schema codec transcribed from Apache Kafka's message definitions, and each
 * response must decode at the same version taking up exactly its bytes, with the values a
 * well-formed request earns. Flexible requests carry an unknown tagged field, which a broker
 * must skip.
 */
describe('every advertised API version', () => {
  let broker: BrokerHandle;
  let client: SchemaClient;
  let groupSeq = 0;

  beforeAll(async () => {
    broker = await startBroker({
      port: 0,
      defaultPartitions: 2,
      groups: { initialRebalanceDelayMs: 0 },
      nodeId: NODE_ID,
    });
    const producer = testKafka(broker.address).producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [{ key: 'a', value: 'seed' }] });
    await producer.disconnect();
    client = await SchemaClient.connect(broker.port);
  });

  afterAll(async () => {
    client.close();
    await broker.stop();
  });

  /** Sends `request` as `api` v`version`; flexible requests carry an unknown tag. */
  const call = (api: ApiName, version: number, request: Message = {}): Promise<Message> =>
    client.call(api, version, request, { 99: Buffer.from('ignored') });

  /** A member that has joined and synced a fresh group (through v0 requests). */
  async function member(): Promise<{ group: string; memberId: string; generation: number }> {
    const group = `versions-group-${++groupSeq}`;
    const joined = await call('JoinGroup', 0, {
      GroupId: group,
      SessionTimeoutMs: 10_000,
      MemberId: '',
      ProtocolType: 'consumer',
      Protocols: [{ Name: 'range', Metadata: Buffer.from('m') }],
    });
    expect(joined.ErrorCode).toBe(0);
    const memberId = joined.MemberId as string;
    const generation = joined.GenerationId as number;
    const synced = await call('SyncGroup', 0, {
      GroupId: group,
      GenerationId: generation,
      MemberId: memberId,
      Assignments: [{ MemberId: memberId, Assignment: Buffer.from('a') }],
    });
    expect(synced.ErrorCode).toBe(0);
    return { group, memberId, generation };
  }

  const rows = <T>(items: unknown): T[] => items as T[];

  /** What a well-formed request at `v` must earn, per API. */
  const checks: Record<ApiName, (v: number) => Promise<void>> = {
    async ApiVersions(v) {
      const res = await call('ApiVersions', v, {
        ClientSoftwareName: 'schema-test',
        ClientSoftwareVersion: '1.0.0',
      });
      expect(res.ErrorCode).toBe(0);
      const advertised = rows<Message>(res.ApiKeys)
        .map((k) => [k.ApiKey, k.MinVersion, k.MaxVersion])
        .sort((a, b) => Number(a[0]) - Number(b[0]));
      const expected = Object.values(API_SCHEMAS)
        .map((a) => [a.apiKey, ...a.versions])
        .sort((a, b) => a[0] - b[0]);
      expect(advertised).toEqual(expected);
    },

    async Metadata(v) {
      const res = await call('Metadata', v, {
        Topics: [{ Name: TOPIC }],
        AllowAutoTopicCreation: false,
      });
      expect(rows<Message>(res.Brokers)).toEqual([
        expect.objectContaining({ NodeId: NODE_ID, Host: '127.0.0.1', Port: broker.port }),
      ]);
      const [topic] = rows<Message>(res.Topics);
      expect(topic).toMatchObject({ ErrorCode: 0, Name: TOPIC });
      expect(rows<Message>(topic.Partitions).map((p) => [p.PartitionIndex, p.ErrorCode])).toEqual([
        [0, 0],
        [1, 0],
      ]);
      if (v >= 1) {
        const all = await call('Metadata', v, { Topics: null, AllowAutoTopicCreation: false });
        expect(rows<Message>(all.Topics).map((t) => t.Name)).toContain(TOPIC);
      }
    },

    async Produce(v) {
      const res = await call('Produce', v, {
        TransactionalId: null,
        Acks: -1,
        TimeoutMs: 5_000,
        TopicData: [
          {
            Name: TOPIC,
            PartitionData: [
              { Index: 1, Records: buildBatch([{ key: 'k', value: `produce v${v}` }]) },
            ],
          },
        ],
      });
      const [topic] = rows<Message>(res.Responses);
      const [partition] = rows<Message>(topic.PartitionResponses);
      expect(partition).toMatchObject({ Index: 1, ErrorCode: 0 });
      expect(partition.BaseOffset as bigint).toBeGreaterThanOrEqual(0n);
    },

    async ListOffsets(v) {
      const res = await call('ListOffsets', v, {
        ReplicaId: -1,
        Topics: [
          {
            Name: TOPIC,
            Partitions: [
              { PartitionIndex: 0, CurrentLeaderEpoch: -1, Timestamp: -1 },
              { PartitionIndex: 1, CurrentLeaderEpoch: -1, Timestamp: -2 },
            ],
          },
        ],
      });
      const [latest, earliest] = rows<Message>(rows<Message>(res.Topics)[0].Partitions);
      expect(latest).toMatchObject({ PartitionIndex: 0, ErrorCode: 0 });
      expect(latest.Offset as bigint).toBeGreaterThanOrEqual(1n);
      expect(earliest).toMatchObject({ PartitionIndex: 1, ErrorCode: 0, Offset: 0n });
    },

    async Fetch(v) {
      const res = await call('Fetch', v, {
        ReplicaId: -1,
        MaxWaitMs: 0,
        MinBytes: 0,
        MaxBytes: 1 << 20,
        SessionEpoch: -1,
        Topics: [
          {
            Topic: TOPIC,
            Partitions: [
              {
                Partition: 0,
                CurrentLeaderEpoch: -1,
                FetchOffset: 0,
                LastFetchedEpoch: -1,
                LogStartOffset: -1,
                PartitionMaxBytes: 1 << 20,
              },
            ],
          },
        ],
        ForgottenTopicsData: [],
        RackId: '',
      });
      if (v >= 7) expect(res.ErrorCode).toBe(0);
      const [partition] = rows<Message>(rows<Message>(res.Responses)[0].Partitions);
      expect(partition).toMatchObject({ PartitionIndex: 0, ErrorCode: 0 });
      expect(partition.HighWatermark as bigint).toBeGreaterThanOrEqual(1n);
      expect((partition.Records as Buffer).length).toBeGreaterThan(61); // a batch header and more
    },

    async FindCoordinator(v) {
      const res = await call('FindCoordinator', v, { Key: 'some-group', KeyType: 0 });
      expect(res).toMatchObject({
        ErrorCode: 0,
        NodeId: NODE_ID,
        Host: '127.0.0.1',
        Port: broker.port,
      });
    },

    async JoinGroup(v) {
      const group = `join-v${v}`;
      const res = await call('JoinGroup', v, {
        GroupId: group,
        SessionTimeoutMs: 10_000,
        RebalanceTimeoutMs: 10_000,
        MemberId: '',
        GroupInstanceId: null,
        ProtocolType: 'consumer',
        Protocols: [{ Name: 'range', Metadata: Buffer.from('meta') }],
      });
      expect(res).toMatchObject({ ErrorCode: 0, GenerationId: 1, ProtocolName: 'range' });
      expect(res.MemberId).not.toBe('');
      expect(res.Leader).toBe(res.MemberId);
      expect(rows<Message>(res.Members)).toEqual([
        expect.objectContaining({ MemberId: res.MemberId, Metadata: Buffer.from('meta') }),
      ]);
    },

    async SyncGroup(v) {
      const group = `sync-v${v}`;
      const joined = await call('JoinGroup', 0, {
        GroupId: group,
        SessionTimeoutMs: 10_000,
        MemberId: '',
        ProtocolType: 'consumer',
        Protocols: [{ Name: 'range', Metadata: Buffer.from('m') }],
      });
      const res = await call('SyncGroup', v, {
        GroupId: group,
        GenerationId: joined.GenerationId,
        MemberId: joined.MemberId,
        GroupInstanceId: null,
        Assignments: [{ MemberId: joined.MemberId, Assignment: Buffer.from(`assigned v${v}`) }],
      });
      expect(res).toMatchObject({ ErrorCode: 0, Assignment: Buffer.from(`assigned v${v}`) });
    },

    async Heartbeat(v) {
      const { group, memberId, generation } = await member();
      const res = await call('Heartbeat', v, {
        GroupId: group,
        GenerationId: generation,
        MemberId: memberId,
        GroupInstanceId: null,
      });
      expect(res.ErrorCode).toBe(0);
    },

    async LeaveGroup(v) {
      const { group, memberId } = await member();
      const res = await call('LeaveGroup', v, {
        GroupId: group,
        MemberId: memberId,
        Members: [{ MemberId: memberId, GroupInstanceId: null }],
      });
      expect(res.ErrorCode).toBe(0);
      if (v >= 3)
        expect(rows<Message>(res.Members)).toEqual([
          expect.objectContaining({ MemberId: memberId, ErrorCode: 0 }),
        ]);
      const described = await call('DescribeGroups', 0, { Groups: [group] });
      expect(rows<Message>(described.Groups)[0]).toMatchObject({
        GroupState: 'Empty',
        Members: [],
      });
    },

    async OffsetCommit(v) {
      const { group, memberId, generation } = await member();
      const res = await call('OffsetCommit', v, {
        GroupId: group,
        GenerationIdOrMemberEpoch: generation,
        MemberId: memberId,
        GroupInstanceId: null,
        RetentionTimeMs: -1,
        Topics: [
          {
            Name: TOPIC,
            Partitions: [
              {
                PartitionIndex: 0,
                CommittedOffset: 1,
                CommittedLeaderEpoch: -1,
                CommittedMetadata: `v${v}`,
              },
            ],
          },
        ],
      });
      const [partition] = rows<Message>(rows<Message>(res.Topics)[0].Partitions);
      expect(partition).toEqual({ PartitionIndex: 0, ErrorCode: 0 });
      const fetched = await call('OffsetFetch', 1, {
        GroupId: group,
        Topics: [{ Name: TOPIC, PartitionIndexes: [0] }],
      });
      expect(rows<Message>(rows<Message>(fetched.Topics)[0].Partitions)[0]).toMatchObject({
        CommittedOffset: 1n,
        Metadata: `v${v}`,
      });
    },

    async OffsetFetch(v) {
      const { group, memberId, generation } = await member();
      await call('OffsetCommit', 2, {
        GroupId: group,
        GenerationIdOrMemberEpoch: generation,
        MemberId: memberId,
        RetentionTimeMs: -1,
        Topics: [
          {
            Name: TOPIC,
            Partitions: [{ PartitionIndex: 1, CommittedOffset: 7, CommittedMetadata: null }],
          },
        ],
      });
      const res = await call('OffsetFetch', v, {
        GroupId: group,
        Topics: [{ Name: TOPIC, PartitionIndexes: [0, 1] }],
        RequireStable: false,
      });
      if (v >= 2) expect(res.ErrorCode).toBe(0);
      const [none, committed] = rows<Message>(rows<Message>(res.Topics)[0].Partitions);
      expect(none).toMatchObject({ PartitionIndex: 0, CommittedOffset: -1n, ErrorCode: 0 });
      expect(committed).toMatchObject({ PartitionIndex: 1, CommittedOffset: 7n, ErrorCode: 0 });
      if (v >= 2) {
        const all = await call('OffsetFetch', v, { GroupId: group, Topics: null });
        expect(rows<Message>(all.Topics).map((t) => t.Name)).toEqual([TOPIC]);
      }
    },

    async DescribeGroups(v) {
      const { group, memberId } = await member();
      const res = await call('DescribeGroups', v, {
        Groups: [group],
        IncludeAuthorizedOperations: false,
      });
      const [described] = rows<Message>(res.Groups);
      expect(described).toMatchObject({
        ErrorCode: 0,
        GroupId: group,
        GroupState: 'Stable',
        ProtocolType: 'consumer',
        ProtocolData: 'range',
      });
      expect(rows<Message>(described.Members)).toEqual([
        expect.objectContaining({
          MemberId: memberId,
          ClientId: 'schema-test',
          MemberAssignment: Buffer.from('a'),
        }),
      ]);
    },

    async ListGroups(v) {
      const { group } = await member();
      const res = await call('ListGroups', v, { StatesFilter: [] });
      expect(res.ErrorCode).toBe(0);
      expect(rows<Message>(res.Groups)).toContainEqual(
        expect.objectContaining({ GroupId: group, ProtocolType: 'consumer' }),
      );
    },

    async DeleteGroups(v) {
      const { group, memberId } = await member();
      await call('LeaveGroup', 0, { GroupId: group, MemberId: memberId });
      const res = await call('DeleteGroups', v, { GroupsNames: [group, `never-${group}`] });
      expect(rows<Message>(res.Results)).toEqual([
        { GroupId: group, ErrorCode: 0 },
        { GroupId: `never-${group}`, ErrorCode: 69 }, // GROUP_ID_NOT_FOUND
      ]);
    },

    async InitProducerId(v) {
      const res = await call('InitProducerId', v, {
        TransactionalId: null,
        TransactionTimeoutMs: 60_000,
        ProducerId: -1,
        ProducerEpoch: -1,
      });
      expect(res).toMatchObject({ ErrorCode: 0, ProducerEpoch: 0 });
      expect(res.ProducerId as bigint).toBeGreaterThanOrEqual(0n);
    },

    async CreateTopics(v) {
      const name = `created-v${v}`;
      const res = await call('CreateTopics', v, {
        Topics: [
          { Name: name, NumPartitions: 3, ReplicationFactor: 1, Assignments: [], Configs: [] },
        ],
        timeoutMs: 5_000,
        validateOnly: false,
      });
      expect(rows<Message>(res.Topics)[0]).toMatchObject({ Name: name, ErrorCode: 0 });
      if (v >= 5)
        expect(rows<Message>(res.Topics)[0]).toMatchObject({
          NumPartitions: 3,
          ReplicationFactor: 1,
        });
      const again = await call('CreateTopics', v, {
        Topics: [{ Name: name, NumPartitions: 3, ReplicationFactor: 1 }],
        timeoutMs: 5_000,
      });
      expect(rows<Message>(again.Topics)[0]).toMatchObject({ ErrorCode: 36 }); // TOPIC_ALREADY_EXISTS
    },

    async DeleteTopics(v) {
      const name = `deleted-v${v}`;
      await call('CreateTopics', 2, {
        Topics: [{ Name: name, NumPartitions: 1, ReplicationFactor: 1 }],
      });
      const res = await call('DeleteTopics', v, { TopicNames: [name], TimeoutMs: 5_000 });
      expect(rows<Message>(res.Responses)).toEqual([
        expect.objectContaining({ Name: name, ErrorCode: 0 }),
      ]);
      const metadata = await call('Metadata', 1, { Topics: null });
      expect(rows<Message>(metadata.Topics).map((t) => t.Name)).not.toContain(name);
    },
  };

  for (const [api, schema] of Object.entries(API_SCHEMAS) as Array<[ApiName, ApiSchema]>) {
    const [low, high] = schema.versions;
    const versions = Array.from({ length: high - low + 1 }, (_, i) => low + i);
    it.each(versions)(`${api} v%i`, (v) => checks[api](v));
  }
});
