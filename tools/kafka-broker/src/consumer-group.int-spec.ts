import { type ChildProcess, spawn } from 'node:child_process';
import type { Consumer, Producer } from 'kafkajs';
import { startBroker } from './index';
import type { BrokerHandle, BrokerOptions } from './options';
import { testKafka, waitFor } from './testing/helpers';

const TOPIC = 'orders';
const PARTITIONS = 6;

/** A consumer plus the partitions it currently owns (from GROUP_JOIN events). */
interface Member {
  consumer: Consumer;
  owned: () => number[];
}

async function startMember(broker: BrokerHandle, groupId: string, name: string): Promise<Member> {
  const consumer = testKafka(broker.address, name).consumer({
    groupId,
    sessionTimeout: 6000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 300,
    rebalanceTimeout: 10_000,
  });
  let owned: number[] = [];
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    owned = [...(e.payload.memberAssignment[TOPIC] ?? [])].sort((a, b) => a - b);
  });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({ eachMessage: () => Promise.resolve() });
  return { consumer, owned: () => owned };
}

/** Runs a kafkajs consumer in a child process that reports its assignment on stdout. */
function startChildMember(broker: BrokerHandle, groupId: string, sessionTimeout: number) {
  const script = `
    const { Kafka, logLevel } = require(${JSON.stringify(require.resolve('kafkajs'))});
    const kafka = new Kafka({ clientId: 'doomed', brokers: [process.argv[1]], logLevel: logLevel.NOTHING });
    const c = kafka.consumer({ groupId: ${JSON.stringify(groupId)}, sessionTimeout: ${sessionTimeout},
      heartbeatInterval: 300, maxWaitTimeInMs: 300 });
    c.on(c.events.GROUP_JOIN, (e) => console.log('ASSIGNED ' + JSON.stringify(e.payload.memberAssignment[${JSON.stringify(TOPIC)}] || [])));
    c.connect().then(() => c.subscribe({ topic: ${JSON.stringify(TOPIC)}, fromBeginning: true }))
      .then(() => c.run({ eachMessage: async () => {} }));
  `;
  const child = spawn(process.execPath, ['-e', script, broker.address], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let owned: number[] = [];
  child.stdout?.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (line.startsWith('ASSIGNED '))
        owned = (JSON.parse(line.slice(9)) as number[]).sort((a, b) => a - b);
    }
  });
  return { child, owned: () => owned };
}

function coverage(owners: Array<() => number[]>): {
  disjoint: boolean;
  all: boolean;
  counts: number[];
} {
  const lists = owners.map((o) => o());
  const flat = lists.flat();
  return {
    disjoint: new Set(flat).size === flat.length,
    all: new Set(flat).size === PARTITIONS,
    counts: lists.map((l) => l.length),
  };
}

async function setup(
  options: BrokerOptions,
): Promise<{ broker: BrokerHandle; producer: Producer }> {
  const broker = await startBroker({ port: 0, ...options });
  const admin = testKafka(broker.address).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
  await admin.disconnect();
  const producer = testKafka(broker.address).producer();
  await producer.connect();
  return { broker, producer };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('consumer groups (session-timeout eviction)', () => {
  let broker: BrokerHandle;
  let producer: Producer;
  const members: Member[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    // Disconnect eviction off: the killed member must be removed by its session timeout.
    ({ broker, producer } = await setup({ groups: { evictOnDisconnect: false } }));
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(members.map((m) => m.consumer.disconnect()));
    await producer?.disconnect();
    await broker?.stop();
  });

  it('splits 6 partitions over 3 members, rebalances on leave, and evicts a killed member after its session timeout', async () => {
    const doomed = startChildMember(broker, 'g-session', 3000);
    children.push(doomed.child);
    members.push(
      await startMember(broker, 'g-session', 'a'),
      await startMember(broker, 'g-session', 'b'),
    );
    const [a, b] = members;

    await waitFor(
      'three disjoint assignments covering all partitions',
      () => {
        const c = coverage([a.owned, b.owned, doomed.owned]);
        return c.disjoint && c.all && c.counts.every((n) => n === 2);
      },
      15_000,
    );

    const killedAt = Date.now();
    await kill(doomed.child);
    await waitFor(
      'survivors to own everything',
      () => {
        const c = coverage([a.owned, b.owned]);
        return c.disjoint && c.all;
      },
      15_000,
    );
    const took = Date.now() - killedAt;
    expect(took).toBeGreaterThanOrEqual(2500); // it waited for the 3 s session timeout...
    expect(took).toBeLessThan(3000 + 5000); // ...and rebalanced promptly after it

    // a clean leave hands everything to the remaining member within 5 s
    const leftAt = Date.now();
    await b.consumer.disconnect();
    members.splice(1, 1);
    await waitFor('a to own everything', () => a.owned().length === PARTITIONS, 5000);
    expect(Date.now() - leftAt).toBeLessThan(5000);
  });
});

describe('consumer groups (closed connection, committed offsets)', () => {
  let broker: BrokerHandle;
  let producer: Producer;
  const members: Member[] = [];

  beforeAll(async () => {
    ({ broker, producer } = await setup({}));
  });

  afterAll(async () => {
    await Promise.all(members.map((m) => m.consumer.disconnect()));
    await producer?.disconnect();
    await broker?.stop();
  });

  it('rebalances at once when a killed member’s connection closes (long session timeout)', async () => {
    const doomed = startChildMember(broker, 'g-conn', 30_000);
    try {
      members.push(
        await startMember(broker, 'g-conn', 'x'),
        await startMember(broker, 'g-conn', 'y'),
      );
      const [x, y] = members;
      await waitFor(
        'three members',
        () => coverage([x.owned, y.owned, doomed.owned]).counts.every((n) => n === 2),
        15_000,
      );
      const killedAt = Date.now();
      await kill(doomed.child);
      await waitFor('survivors to own everything', () => coverage([x.owned, y.owned]).all, 5000);
      expect(Date.now() - killedAt).toBeLessThan(5000); // far below the 30 s session timeout
    } finally {
      doomed.child.kill('SIGKILL');
      await Promise.all(members.splice(0).map((m) => m.consumer.disconnect()));
    }
  });

  it('resumes from committed offsets after a restart: nothing lost, nothing redelivered', async () => {
    const topic = 'resume';
    const send = (from: number, n: number) =>
      producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: n }, (_, i) => ({
          key: String((from + i) % 7),
          value: String(from + i),
        })),
      });
    const consume = async (seen: string[]) => {
      const c = testKafka(broker.address, 'resumer').consumer({
        groupId: 'g-resume',
        heartbeatInterval: 300,
        maxWaitTimeInMs: 300,
      });
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({
        eachMessage: ({ message }) => {
          seen.push(message.value?.toString() ?? '');
          return Promise.resolve();
        },
      });
      return c;
    };
    await send(0, 100);
    const first: string[] = [];
    const c1 = await consume(first);
    await waitFor('first 100', () => first.length >= 100);
    await c1.disconnect(); // commits what it processed

    await send(100, 100);
    const second: string[] = [];
    const c2 = await consume(second);
    await waitFor('next 100', () => second.length >= 100);
    await new Promise((r) => setTimeout(r, 300)); // would catch late duplicates
    await c2.disconnect();

    expect(first.map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(second.map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 100),
    );
  });
});
