import type { FieldSpec } from './schema-codec';
import { s } from './schema-codec';

/** One API: its key, the version range this broker advertises, and both message layouts. */
export interface ApiSchema {
  apiKey: number;
  /** The range the broker advertises (its ApiVersions answer must match). */
  versions: [number, number];
  flexibleFrom: number;
  request: FieldSpec[];
  response: FieldSpec[];
}

/**
 * Request and response layouts of every API the broker serves, transcribed from Apache
 * Kafka's message definitions (`clients/src/main/resources/common/message/<Name>Request.json`
 * and `<Name>Response.json`, apache/kafka at 1eb7644, 4.0.0-SNAPSHOT). Version annotations
 * are Kafka's own; fields that exist only outside the advertised range are left out, and so
 * are tagged fields (the decoder skips and records any it meets).
 */
export const API_SCHEMAS = {
  Produce: {
    apiKey: 0,
    versions: [3, 9],
    flexibleFrom: 9,
    request: [
      'TransactionalId:string@3+?3+',
      'Acks:int16@0+',
      'TimeoutMs:int32@0+',
      s('TopicData@0+', [
        'Name:string@0+',
        s('PartitionData@0+', ['Index:int32@0+', 'Records:records@0+?0+']),
      ]),
    ],
    response: [
      s('Responses@0+', [
        'Name:string@0+',
        s('PartitionResponses@0+', [
          'Index:int32@0+',
          'ErrorCode:int16@0+',
          'BaseOffset:int64@0+',
          'LogAppendTimeMs:int64@2+',
          'LogStartOffset:int64@5+',
          s('RecordErrors@8+', ['BatchIndex:int32@8+', 'BatchIndexErrorMessage:string@8+?8+']),
          'ErrorMessage:string@8+?8+',
        ]),
      ]),
      'ThrottleTimeMs:int32@1+',
    ],
  },
  Fetch: {
    apiKey: 1,
    versions: [4, 12],
    flexibleFrom: 12,
    request: [
      'ReplicaId:int32@0-14',
      'MaxWaitMs:int32@0+',
      'MinBytes:int32@0+',
      'MaxBytes:int32@3+',
      'IsolationLevel:int8@4+',
      'SessionId:int32@7+',
      'SessionEpoch:int32@7+',
      s('Topics@0+', [
        'Topic:string@0-12',
        s('Partitions@0+', [
          'Partition:int32@0+',
          'CurrentLeaderEpoch:int32@9+',
          'FetchOffset:int64@0+',
          'LastFetchedEpoch:int32@12+',
          'LogStartOffset:int64@5+',
          'PartitionMaxBytes:int32@0+',
        ]),
      ]),
      s('ForgottenTopicsData@7+', ['Topic:string@7-12', 'Partitions:[]int32@7+']),
      'RackId:string@11+',
    ],
    response: [
      'ThrottleTimeMs:int32@1+',
      'ErrorCode:int16@7+',
      'SessionId:int32@7+',
      s('Responses@0+', [
        'Topic:string@0-12',
        s('Partitions@0+', [
          'PartitionIndex:int32@0+',
          'ErrorCode:int16@0+',
          'HighWatermark:int64@0+',
          'LastStableOffset:int64@4+',
          'LogStartOffset:int64@5+',
          s('AbortedTransactions@4+?4+', ['ProducerId:int64@4+', 'FirstOffset:int64@4+']),
          'PreferredReadReplica:int32@11+',
          'Records:records@0+?0+',
        ]),
      ]),
    ],
  },
  ListOffsets: {
    apiKey: 2,
    versions: [1, 6],
    flexibleFrom: 6,
    request: [
      'ReplicaId:int32@0+',
      'IsolationLevel:int8@2+',
      s('Topics@0+', [
        'Name:string@0+',
        s('Partitions@0+', [
          'PartitionIndex:int32@0+',
          'CurrentLeaderEpoch:int32@4+',
          'Timestamp:int64@0+',
        ]),
      ]),
    ],
    response: [
      'ThrottleTimeMs:int32@2+',
      s('Topics@0+', [
        'Name:string@0+',
        s('Partitions@0+', [
          'PartitionIndex:int32@0+',
          'ErrorCode:int16@0+',
          'Timestamp:int64@1+',
          'Offset:int64@1+',
          'LeaderEpoch:int32@4+',
        ]),
      ]),
    ],
  },
  Metadata: {
    apiKey: 3,
    versions: [0, 9],
    flexibleFrom: 9,
    request: [
      s('Topics@0+?1+', ['Name:string@0+?10+']),
      'AllowAutoTopicCreation:bool@4+',
      'IncludeClusterAuthorizedOperations:bool@8-10',
      'IncludeTopicAuthorizedOperations:bool@8+',
    ],
    response: [
      'ThrottleTimeMs:int32@3+',
      s('Brokers@0+', ['NodeId:int32@0+', 'Host:string@0+', 'Port:int32@0+', 'Rack:string@1+?1+']),
      'ClusterId:string@2+?2+',
      'ControllerId:int32@1+',
      s('Topics@0+', [
        'ErrorCode:int16@0+',
        'Name:string@0+?12+',
        'IsInternal:bool@1+',
        s('Partitions@0+', [
          'ErrorCode:int16@0+',
          'PartitionIndex:int32@0+',
          'LeaderId:int32@0+',
          'LeaderEpoch:int32@7+',
          'ReplicaNodes:[]int32@0+',
          'IsrNodes:[]int32@0+',
          'OfflineReplicas:[]int32@5+',
        ]),
        'TopicAuthorizedOperations:int32@8+',
      ]),
      'ClusterAuthorizedOperations:int32@8-10',
    ],
  },
  OffsetCommit: {
    apiKey: 8,
    versions: [2, 8],
    flexibleFrom: 8,
    request: [
      'GroupId:string@0+',
      'GenerationIdOrMemberEpoch:int32@1+',
      'MemberId:string@1+',
      'GroupInstanceId:string@7+?7+',
      'RetentionTimeMs:int64@2-4',
      s('Topics@0+', [
        'Name:string@0+',
        s('Partitions@0+', [
          'PartitionIndex:int32@0+',
          'CommittedOffset:int64@0+',
          'CommittedLeaderEpoch:int32@6+',
          'CommittedMetadata:string@0+?0+',
        ]),
      ]),
    ],
    response: [
      'ThrottleTimeMs:int32@3+',
      s('Topics@0+', [
        'Name:string@0+',
        s('Partitions@0+', ['PartitionIndex:int32@0+', 'ErrorCode:int16@0+']),
      ]),
    ],
  },
  OffsetFetch: {
    apiKey: 9,
    versions: [1, 7],
    flexibleFrom: 6,
    request: [
      'GroupId:string@0-7',
      s('Topics@0-7?2-7', ['Name:string@0-7', 'PartitionIndexes:[]int32@0-7']),
      'RequireStable:bool@7+',
    ],
    response: [
      'ThrottleTimeMs:int32@3+',
      s('Topics@0-7', [
        'Name:string@0-7',
        s('Partitions@0-7', [
          'PartitionIndex:int32@0-7',
          'CommittedOffset:int64@0-7',
          'CommittedLeaderEpoch:int32@5-7',
          'Metadata:string@0-7?0-7',
          'ErrorCode:int16@0-7',
        ]),
      ]),
      'ErrorCode:int16@2-7',
    ],
  },
  FindCoordinator: {
    apiKey: 10,
    versions: [0, 3],
    flexibleFrom: 3,
    request: ['Key:string@0-3', 'KeyType:int8@1+'],
    response: [
      'ThrottleTimeMs:int32@1+',
      'ErrorCode:int16@0-3',
      'ErrorMessage:string@1-3?1-3',
      'NodeId:int32@0-3',
      'Host:string@0-3',
      'Port:int32@0-3',
    ],
  },
  JoinGroup: {
    apiKey: 11,
    versions: [0, 6],
    flexibleFrom: 6,
    request: [
      'GroupId:string@0+',
      'SessionTimeoutMs:int32@0+',
      'RebalanceTimeoutMs:int32@1+',
      'MemberId:string@0+',
      'GroupInstanceId:string@5+?5+',
      'ProtocolType:string@0+',
      s('Protocols@0+', ['Name:string@0+', 'Metadata:bytes@0+']),
    ],
    response: [
      'ThrottleTimeMs:int32@2+',
      'ErrorCode:int16@0+',
      'GenerationId:int32@0+',
      'ProtocolName:string@0+?7+',
      'Leader:string@0+',
      'MemberId:string@0+',
      s('Members@0+', ['MemberId:string@0+', 'GroupInstanceId:string@5+?5+', 'Metadata:bytes@0+']),
    ],
  },
  Heartbeat: {
    apiKey: 12,
    versions: [0, 4],
    flexibleFrom: 4,
    request: [
      'GroupId:string@0+',
      'GenerationId:int32@0+',
      'MemberId:string@0+',
      'GroupInstanceId:string@3+?3+',
    ],
    response: ['ThrottleTimeMs:int32@1+', 'ErrorCode:int16@0+'],
  },
  LeaveGroup: {
    apiKey: 13,
    versions: [0, 4],
    flexibleFrom: 4,
    request: [
      'GroupId:string@0+',
      'MemberId:string@0-2',
      s('Members@3+', ['MemberId:string@3+', 'GroupInstanceId:string@3+?3+']),
    ],
    response: [
      'ThrottleTimeMs:int32@1+',
      'ErrorCode:int16@0+',
      s('Members@3+', ['MemberId:string@3+', 'GroupInstanceId:string@3+?3+', 'ErrorCode:int16@3+']),
    ],
  },
  SyncGroup: {
    apiKey: 14,
    versions: [0, 4],
    flexibleFrom: 4,
    request: [
      'GroupId:string@0+',
      'GenerationId:int32@0+',
      'MemberId:string@0+',
      'GroupInstanceId:string@3+?3+',
      s('Assignments@0+', ['MemberId:string@0+', 'Assignment:bytes@0+']),
    ],
    response: ['ThrottleTimeMs:int32@1+', 'ErrorCode:int16@0+', 'Assignment:bytes@0+'],
  },
  DescribeGroups: {
    apiKey: 15,
    versions: [0, 5],
    flexibleFrom: 5,
    request: ['Groups:[]string@0+', 'IncludeAuthorizedOperations:bool@3+'],
    response: [
      'ThrottleTimeMs:int32@1+',
      s('Groups@0+', [
        'ErrorCode:int16@0+',
        'GroupId:string@0+',
        'GroupState:string@0+',
        'ProtocolType:string@0+',
        'ProtocolData:string@0+',
        s('Members@0+', [
          'MemberId:string@0+',
          'GroupInstanceId:string@4+?4+',
          'ClientId:string@0+',
          'ClientHost:string@0+',
          'MemberMetadata:bytes@0+',
          'MemberAssignment:bytes@0+',
        ]),
        'AuthorizedOperations:int32@3+',
      ]),
    ],
  },
  ListGroups: {
    apiKey: 16,
    versions: [0, 3],
    flexibleFrom: 3,
    request: [],
    response: [
      'ThrottleTimeMs:int32@1+',
      'ErrorCode:int16@0+',
      s('Groups@0+', ['GroupId:string@0+', 'ProtocolType:string@0+']),
    ],
  },
  ApiVersions: {
    apiKey: 18,
    versions: [0, 4],
    flexibleFrom: 3,
    request: ['ClientSoftwareName:string@3+', 'ClientSoftwareVersion:string@3+'],
    response: [
      'ErrorCode:int16@0+',
      s('ApiKeys@0+', ['ApiKey:int16@0+', 'MinVersion:int16@0+', 'MaxVersion:int16@0+']),
      'ThrottleTimeMs:int32@1+',
    ],
  },
  CreateTopics: {
    apiKey: 19,
    versions: [2, 5],
    flexibleFrom: 5,
    request: [
      s('Topics@0+', [
        'Name:string@0+',
        'NumPartitions:int32@0+',
        'ReplicationFactor:int16@0+',
        s('Assignments@0+', ['PartitionIndex:int32@0+', 'BrokerIds:[]int32@0+']),
        s('Configs@0+', ['Name:string@0+', 'Value:string@0+?0+']),
      ]),
      'timeoutMs:int32@0+',
      'validateOnly:bool@1+',
    ],
    response: [
      'ThrottleTimeMs:int32@2+',
      s('Topics@0+', [
        'Name:string@0+',
        'ErrorCode:int16@0+',
        'ErrorMessage:string@1+?0+',
        'NumPartitions:int32@5+',
        'ReplicationFactor:int16@5+',
        s('Configs@5+?5+', [
          'Name:string@5+',
          'Value:string@5+?5+',
          'ReadOnly:bool@5+',
          'ConfigSource:int8@5+',
          'IsSensitive:bool@5+',
        ]),
      ]),
    ],
  },
  DeleteTopics: {
    apiKey: 20,
    versions: [1, 4],
    flexibleFrom: 4,
    request: ['TopicNames:[]string@0-5', 'TimeoutMs:int32@0+'],
    response: [
      'ThrottleTimeMs:int32@1+',
      s('Responses@0+', ['Name:string@0+?6+', 'ErrorCode:int16@0+']),
    ],
  },
  InitProducerId: {
    apiKey: 22,
    versions: [0, 4],
    flexibleFrom: 2,
    request: [
      'TransactionalId:string@0+?0+',
      'TransactionTimeoutMs:int32@0+',
      'ProducerId:int64@3+',
      'ProducerEpoch:int16@3+',
    ],
    response: [
      'ThrottleTimeMs:int32@0+',
      'ErrorCode:int16@0+',
      'ProducerId:int64@0+',
      'ProducerEpoch:int16@0+',
    ],
  },
  DeleteGroups: {
    apiKey: 42,
    versions: [0, 2],
    flexibleFrom: 2,
    request: ['GroupsNames:[]string@0+'],
    response: [
      'ThrottleTimeMs:int32@0+',
      s('Results@0+', ['GroupId:string@0+', 'ErrorCode:int16@0+']),
    ],
  },
} satisfies Record<string, ApiSchema>;
