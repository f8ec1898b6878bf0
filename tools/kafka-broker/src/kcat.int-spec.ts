import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startBroker } from './index';
import type { BrokerHandle } from './options';

const run = promisify(execFile);

/**
 * librdkafka (through kcat, `apt-get install kcat`) against the broker over TCP: a client
 * that negotiates versions (ApiVersions v3, version ranges) unlike kafkajs. `.ci/run`
 * installs kcat; without it these tests fail rather than skip.
 */
describe('kcat (librdkafka)', () => {
  let broker: BrokerHandle;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: 3 });
  });

  afterAll(async () => {
    await broker.stop();
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

  it('reads through a consumer group, commits offsets and resumes after them', async () => {
    await kcat(
      ['-P', '-t', 'kcat-group'],
      `${Array.from({ length: 50 }, (_, i) => `a${i}`).join('\n')}\n`,
    );
    const group = [
      '-G',
      'kcat-readers',
      'kcat-group',
      '-e',
      '-q',
      '-X',
      'auto.offset.reset=earliest',
    ];
    const first = (await kcat(group)).trim().split('\n');
    expect(new Set(first)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => `a${i}`)));

    await kcat(['-P', '-t', 'kcat-group'], 'b0\nb1\nb2\n');
    const second = (await kcat(group)).trim().split('\n');
    expect(second.sort()).toEqual(['b0', 'b1', 'b2']);
  });
});
