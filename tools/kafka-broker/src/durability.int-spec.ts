import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { transformFile } from '@swc/core';
import type { Kafka } from 'kafkajs';
import { startBroker } from './index';
import { testKafka, waitFor } from './testing/helpers';

const tmp = fs.mkdtempSync(join(tmpdir(), 'kafka-durability-'));

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Reads every message of a topic with a fresh group, until the high watermarks are reached. */
async function readAll(kafka: Kafka, topic: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  const total = (await admin.fetchTopicOffsets(topic)).reduce(
    (n, p) => n + Number(p.high) - Number(p.low),
    0,
  );
  await admin.disconnect();
  const seen: string[] = [];
  const consumer = kafka.consumer({
    groupId: `reader-${Date.now()}`,
    maxWaitTimeInMs: 200,
    heartbeatInterval: 300,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      seen.push(message.value?.toString() ?? '');
      return Promise.resolve();
    },
  });
  await waitFor(`${total} messages of ${topic}`, () => seen.length >= total, 20_000);
  await consumer.disconnect();
  return seen;
}

describe('durability (in-process restart)', () => {
  it('keeps acknowledged messages, topics and committed offsets across a restart', async () => {
    const dataDir = join(tmp, 'restart');
    let broker = await startBroker({ port: 0, dataDir, defaultPartitions: 3 });
    let kafka = testKafka(broker.address);
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < 10; i++) {
      await producer.send({
        topic: 'durable',
        acks: -1,
        messages: Array.from({ length: 10 }, (_, j) => ({
          key: String(j),
          value: `m${i * 10 + j}`,
        })),
      });
    }
    await producer.disconnect();
    const consumed: string[] = [];
    const consumer = kafka.consumer({
      groupId: 'durable-group',
      maxWaitTimeInMs: 200,
      heartbeatInterval: 300,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: 'durable', fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        consumed.push(message.value?.toString() ?? '');
        return Promise.resolve();
      },
    });
    await waitFor('100 consumed', () => consumed.length >= 100);
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const offsetsBefore = await admin.fetchTopicOffsets('durable');
    await admin.disconnect();
    await broker.stop();

    broker = await startBroker({ port: 0, dataDir, defaultPartitions: 3 });
    try {
      kafka = testKafka(broker.address);
      const admin2 = kafka.admin();
      await admin2.connect();
      expect(await admin2.listTopics()).toContain('durable');
      expect(await admin2.fetchTopicOffsets('durable')).toEqual(offsetsBefore);
      const committed = await admin2.fetchOffsets({
        groupId: 'durable-group',
        topics: ['durable'],
      });
      expect(committed[0].partitions.map((p) => p.offset).sort()).toEqual(
        offsetsBefore.map((p) => p.high).sort(),
      );
      await admin2.disconnect();
      const all = await readAll(kafka, 'durable');
      expect(all.sort()).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`).sort());
    } finally {
      await broker.stop();
    }
  });
});

/** Compiles the broker sources (not the tests) with SWC to CommonJS, like tools/build does. */
async function compileBroker(outDir: string): Promise<string> {
  const srcRoot = __dirname;
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return walk(p);
      return /\.ts$/.test(e.name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name) ? [p] : [];
    });
  for (const file of walk(srcRoot)) {
    const { code } = await transformFile(file, {
      swcrc: false,
      module: { type: 'commonjs' },
      jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true } },
    });
    const out = join(outDir, relative(srcRoot, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
  }
  return join(outDir, 'cli.js');
}

/** Starts the CLI in a child process; resolves with its port once it printed its line. */
function startChild(
  cli: string,
  dataDir: string,
): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--data', dataDir, '--partitions', '2'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ child, address: m[1] });
    });
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    child.once('exit', (code) => reject(new Error(`broker exited early with ${code}: ${out}`)));
  });
}

describe('durability (kill -9 of a broker process)', () => {
  let cli: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    cli = await compileBroker(join(tmp, 'dist'));
  });

  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('every message acknowledged with acks=-1 survives SIGKILL, and committed offsets too', async () => {
    const dataDir = join(tmp, 'killed');
    const first = await startChild(cli, dataDir);
    children.push(first.child);
    const kafka = testKafka(first.address);

    // committed offsets before the crash
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    await producer.send({
      topic: 'crash',
      acks: -1,
      messages: Array.from({ length: 20 }, (_, i) => ({ value: `pre${i}` })),
    });
    const c = kafka.consumer({
      groupId: 'crash-group',
      maxWaitTimeInMs: 200,
      heartbeatInterval: 300,
    });
    let pre = 0;
    await c.connect();
    await c.subscribe({ topic: 'crash', fromBeginning: true });
    await c.run({
      eachMessage: () => {
        pre++;
        return Promise.resolve();
      },
    });
    await waitFor('20 consumed', () => pre >= 20);
    await c.disconnect();

    // produce continuously (several requests in flight) and SIGKILL the broker mid-stream
    const acked: string[] = [];
    let stop = false;
    let seq = 0;
    const lane = async () => {
      while (!stop) {
        const values = Array.from({ length: 10 }, () => `v${seq++}`);
        try {
          await producer.send({
            topic: 'crash',
            acks: -1,
            messages: values.map((value) => ({ value })),
          });
          acked.push(...values);
        } catch {
          return;
        }
      }
    };
    const lanes = [lane(), lane(), lane(), lane()];
    await waitFor('some acknowledged writes', () => acked.length >= 200);
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(lanes);
    await producer.disconnect().catch(() => undefined);

    const second = await startChild(cli, dataDir);
    children.push(second.child);
    const kafka2 = testKafka(second.address);
    const stored = new Set(await readAll(kafka2, 'crash'));
    const missing = acked.filter((v) => !stored.has(v));
    expect(missing).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(200);
    for (let i = 0; i < 20; i++) expect(stored.has(`pre${i}`)).toBe(true);

    const admin = kafka2.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: 'crash-group', topics: ['crash'] });
    await admin.disconnect();
    const sum = committed[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    expect(sum).toBe(20);

    // a clean SIGTERM stops the CLI with exit code 0
    const exited = new Promise<number | null>((r) => second.child.once('exit', (code) => r(code)));
    second.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
