import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startBroker } from './index';
import type { BrokerHandle } from './options';
import { waitFor } from './testing/helpers';

const run = promisify(execFile);

/**
 * librdkafka (through kcat, `apt-get install kcat`) against the broker over TCP: a client
 * that negotiates versions (ApiVersions v3, version ranges) unlike kafkajs. `.ci/run`
 * installs kcat; without it these tests fail rather than skip.
 */
describe('kcat (librdkafka)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kcat-broker-'));
  let broker: BrokerHandle;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, dataDir, defaultPartitions: 3 });
  });

  afterAll(async () => {
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const kcat = async (args: string[], input?: string): Promise<string> => {
    const child = run('kcat', ['-b', broker.address, ...args], { timeout: 30_000 });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    return (await child).stdout;
  };

  it('produces 1,000 keyed messages with headers (idempotent, acks=all) and lists metadata', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `k${i % 10}:v${i}`).join('\n');
    await kcat(
      [
        '-P',
        '-t',
        'kcat-events',
        '-K:',
        '-H',
        'source=kcat',
        '-X',
        'enable.idempotence=true',
        '-X',
        'acks=all',
      ],
      `${lines}\n`,
    );
    const metadata = await kcat(['-L', '-t', 'kcat-events']);
    expect(metadata).toMatch(/topic "kcat-events" with 3 partitions/);

    const read = await kcat(['-C', '-t', 'kcat-events', '-e', '-q', '-f', '%k %s %h\n']);
    const values = read.trim().split('\n');
    expect(values).toHaveLength(1000);
    expect(new Set(values.map((l) => l.split(' ')[1])).size).toBe(1000);
    expect(values.every((l) => l.endsWith('source=kcat'))).toBe(true);
    // one key, one partition: per-key order is kept
    const k3 = values
      .filter((l) => l.startsWith('k3 '))
      .map((l) => Number(l.split(' ')[1].slice(1)));
    expect(k3).toEqual([...k3].sort((a, b) => a - b));
  });

  it('reads through a consumer group, commits offsets and resumes after them, across a broker restart', async () => {
    const produce = (values: string[]) =>
      kcat(['-P', '-t', 'kcat-group'], `${values.join('\n')}\n`);
    const series = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const group = [
      '-G',
      'kcat-readers',
      'kcat-group',
      '-e',
      '-q',
      '-X',
      'auto.offset.reset=earliest',
    ];
    const read = async () => (await kcat(group)).trim().split('\n').sort();

    await produce(series('a', 50));
    expect(await read()).toEqual(series('a', 50).sort());

    await produce(series('b', 3));
    expect(await read()).toEqual(series('b', 3).sort());

    // The committed offsets are on disk: a restarted broker resumes the group after them.
    const port = broker.port;
    await broker.stop();
    broker = await startBroker({ port, dataDir, defaultPartitions: 3 });
    await produce(series('c', 4));
    expect(await read()).toEqual(series('c', 4).sort());
  });

  it('shares the partitions between two group members: every message once, no gap', async () => {
    const members: Array<{ child: ChildProcessWithoutNullStreams; lines: string[]; log: string }> =
      [];
    const join = (): (typeof members)[number] => {
      const child = spawn('kcat', [
        '-b',
        broker.address,
        '-G',
        'kcat-pair',
        'kcat-pair',
        '-u', // unbuffered: lines arrive as they are read
        '-f',
        '%p %s\n',
        '-X',
        'auto.offset.reset=earliest',
      ]);
      const member = { child, lines: [] as string[], log: '' };
      let partial = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const text = partial + chunk.toString();
        const parts = text.split('\n');
        partial = parts.pop() ?? '';
        member.lines.push(...parts);
      });
      child.stderr.on('data', (chunk: Buffer) => (member.log += chunk.toString()));
      members.push(member);
      return member;
    };
    // librdkafka logs each rebalance as "Group kcat-pair rebalanced (memberid ...): assigned: ..."
    const assigned = (m: (typeof members)[number]) =>
      (m.log.match(/assigned: [^\n]*/g) ?? []).at(-1)?.match(/\[(\d+)\]/g) ?? [];

    try {
      await kcat(['-P', '-t', 'kcat-pair', '-K:'], 'x:created\n'); // topic exists (3 partitions)
      const first = join();
      await waitFor(
        'the first member to get all 3 partitions',
        () => assigned(first).length === 3,
        20_000,
      );
      const second = join();
      await waitFor(
        'both members to share the 3 partitions',
        () => assigned(first).length + assigned(second).length === 3 && assigned(second).length > 0,
        20_000,
      );

      const values = Array.from({ length: 1000 }, (_, i) => `k${i % 20}:m${i}`);
      await kcat(['-P', '-t', 'kcat-pair', '-K:'], `${values.join('\n')}\n`);
      const received = () => members.flatMap((m) => m.lines).filter((l) => / m\d+$/.test(l));
      await waitFor('1,000 messages across both members', () => received().length >= 1000, 20_000);
      await new Promise((r) => setTimeout(r, 300)); // a duplicate would arrive late

      const all = received().map((l) => l.split(' ')[1]);
      expect(all).toHaveLength(1000);
      expect(new Set(all)).toEqual(new Set(values.map((v) => v.split(':')[1])));
      // each member read only its own partitions, and both read some
      for (const m of [first, second]) {
        const mine = new Set(assigned(m).map((p) => p.slice(1, -1)));
        const partitions = new Set(
          m.lines.filter((l) => / m\d+$/.test(l)).map((l) => l.split(' ')[0]),
        );
        expect([...partitions].every((p) => mine.has(p))).toBe(true);
        expect(partitions.size).toBeGreaterThan(0);
      }
    } finally {
      for (const m of members) m.child.kill('SIGTERM');
    }
  });
});
