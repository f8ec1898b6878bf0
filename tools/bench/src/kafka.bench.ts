/**
 * Benchmark of the embedded Kafka broker with kafkajs, all in one process on 127.0.0.1:
 * produce throughput, consume throughput (consumer group) and end-to-end latency (produce ->
 * eachMessage of a consumer parked in a long-poll fetch).
 *
 * The broker runs on the main thread. Producers run in worker threads: kafkajs' record
 * encoding costs more CPU than the broker's append, so a producer sharing the broker's thread
 * would measure the client, not the broker (as with a real broker, clients get their own CPU).
 *
 *   node tools/build/build.mjs && node dist/tools/bench/src/kafka.bench.js [--data <dir>]
 *     [--messages 100000] [--batch 100] [--inflight 8] [--producers 2] [--latency 2000]
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startBroker } from '@newsreel/kafka-broker';
import { Kafka, logLevel } from 'kafkajs';
import { percentile } from './stats';

/** Hard wall-clock bound so a regression cannot hang CI. */
const TIME_LIMIT_MS = 180_000;

/** Work given to a producer worker thread. */
interface ProducerJob {
  role: 'producer';
  address: string;
  messages: number;
  perRequest: number;
  inflight: number;
}

/** Worker thread body: sends `messages` 1 KiB messages and reports how many were acked. */
async function producerWorker(job: ProducerJob): Promise<void> {
  const kafka = new Kafka({
    clientId: 'bench-producer',
    brokers: [job.address],
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  await new Promise<void>((resolve) => {
    parentPort?.once('message', () => resolve());
    parentPort?.postMessage({ ready: true });
  });
  const value = Buffer.alloc(1024, 'x');
  const requests = Math.ceil(job.messages / job.perRequest);
  let next = 0;
  let acked = 0;
  const lane = async (): Promise<void> => {
    while (next < requests) {
      next++;
      await producer.send({
        topic: 'bench',
        acks: -1,
        messages: Array.from({ length: job.perRequest }, () => ({ value })),
      });
      acked += job.perRequest;
    }
  };
  await Promise.all(Array.from({ length: job.inflight }, lane));
  parentPort?.postMessage({ acked });
  await producer.disconnect();
}

interface Row {
  metric: string;
  value: string;
  target: string;
}

async function run(argv: string[]): Promise<Row[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      messages: { type: 'string', default: '100000' },
      batch: { type: 'string', default: '100' },
      inflight: { type: 'string', default: '8' },
      latency: { type: 'string', default: '2000' },
      producers: { type: 'string', default: '2' },
    },
  });
  const total = Number(values.messages);
  const perRequest = Number(values.batch);
  const inflight = Number(values.inflight);
  const latencyRounds = Number(values.latency);
  const producers = Number(values.producers);
  const dataDir = values.data ? fs.mkdtempSync(join(values.data, 'bench-')) : undefined;

  const broker = await startBroker({ port: 0, host: '127.0.0.1', dataDir, defaultPartitions: 3 });
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: [broker.address],
    logLevel: logLevel.NOTHING,
  });
  const rows: Row[] = [];
  try {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'bench', numPartitions: 3 },
        { topic: 'latency', numPartitions: 1 },
      ],
    });
    await admin.disconnect();

    // --- produce throughput (worker threads) -----------------------------------------------
    const share = Math.ceil(total / perRequest / producers) * perRequest;
    // Workers connect first and start together, so start-up is not counted as produce time.
    const workers = await Promise.all(
      Array.from({ length: producers }, () => {
        const job: ProducerJob = {
          role: 'producer',
          address: broker.address,
          messages: share,
          perRequest,
          inflight,
        };
        const worker = new Worker(__filename, { workerData: job });
        const done = new Promise<number>((resolve, reject) => {
          worker.on(
            'message',
            (m: { acked?: number }) => m.acked !== undefined && resolve(m.acked),
          );
          worker.once('error', reject);
          worker.once(
            'exit',
            (code) => code !== 0 && reject(new Error(`producer worker exited with ${code}`)),
          );
        });
        return new Promise<{ worker: Worker; done: Promise<number> }>((resolve) =>
          worker.once('message', () => resolve({ worker, done })),
        );
      }),
    );
    const produceStart = process.hrtime.bigint();
    for (const w of workers) w.worker.postMessage('go');
    const counts = await Promise.all(workers.map((w) => w.done));
    const produceSec = Number(process.hrtime.bigint() - produceStart) / 1e9;
    const produced = counts.reduce((a, b) => a + b, 0);
    const producer = kafka.producer();
    await producer.connect();
    rows.push({
      metric: `produce (1 KiB, ${perRequest}/request, ${producers}x${inflight} in flight, acks=-1)`,
      value: `${Math.round(produced / produceSec).toLocaleString('en-US')} msg/s (${(
        (produced * 1024) /
        produceSec /
        1024 /
        1024
      ).toFixed(1)} MiB/s)`,
      target: dataDir ? '-' : '>= 50,000 msg/s',
    });

    // --- consume throughput ---------------------------------------------------------------
    const consumer = kafka.consumer({ groupId: 'bench-consumer', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'bench', fromBeginning: true });
    let consumed = 0;
    const consumeStart = process.hrtime.bigint();
    const allConsumed = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: ({ batch }) => {
          consumed += batch.messages.length;
          if (consumed >= produced) resolve();
          return Promise.resolve();
        },
      });
    });
    await allConsumed;
    const consumeSec = Number(process.hrtime.bigint() - consumeStart) / 1e9;
    await consumer.disconnect();
    rows.push({
      metric: 'consume (consumer group, eachBatch, incl. join)',
      value: `${Math.round(consumed / consumeSec).toLocaleString('en-US')} msg/s`,
      target: '-',
    });

    // --- end-to-end latency ---------------------------------------------------------------
    const latencyConsumer = kafka.consumer({ groupId: 'bench-latency', maxWaitTimeInMs: 5000 });
    await latencyConsumer.connect();
    await latencyConsumer.subscribe({ topic: 'latency' });
    let onMessage: (() => void) | null = null;
    let joined!: () => void;
    const isJoined = new Promise<void>((r) => (joined = r));
    latencyConsumer.on(latencyConsumer.events.GROUP_JOIN, () => joined());
    await latencyConsumer.run({
      eachMessage: () => {
        onMessage?.();
        return Promise.resolve();
      },
    });
    await isJoined;
    await new Promise((r) => setTimeout(r, 500)); // offsets resolved, first fetch parked
    const samples: number[] = [];
    const small = Buffer.from('ping');
    for (let i = 0; i < latencyRounds; i++) {
      const got = new Promise<void>((r) => (onMessage = r));
      const t0 = process.hrtime.bigint();
      await producer.send({ topic: 'latency', acks: 1, messages: [{ value: small }] });
      await got;
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    // Release the parked fetch so disconnect does not wait for maxWaitTime.
    const stopped = latencyConsumer.disconnect();
    await producer.send({ topic: 'latency', messages: [{ value: small }] });
    await stopped;
    await producer.disconnect();
    samples.sort((a, b) => a - b);
    rows.push(
      {
        metric: `e2e latency p50 (${latencyRounds} sequential msgs)`,
        value: `${percentile(samples, 50).toFixed(2)} ms`,
        target: '< 5 ms',
      },
      {
        metric: 'e2e latency p99',
        value: `${percentile(samples, 99).toFixed(2)} ms`,
        target: '< 25 ms',
      },
      {
        metric: 'e2e latency max',
        value: `${samples[samples.length - 1].toFixed(2)} ms`,
        target: '-',
      },
    );

    // --- kcat (librdkafka) produce: the broker measured with a native client ---------------
    const kcatMessages = 100_000;
    const kcatSec = await kcatProduce(broker.address, 'bench-kcat', kcatMessages);
    rows.push({
      metric: `kcat -P (librdkafka, ${kcatMessages.toLocaleString('en-US')} x 1 KiB, acks=-1, wall)`,
      value: `${kcatSec.toFixed(2)} s = ${Math.round(kcatMessages / kcatSec).toLocaleString('en-US')} msg/s`,
      target: '-',
    });
  } finally {
    await broker.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * Pipes `messages` 1 KiB lines into `kcat -P` (one message per line) and returns its wall
 * time in seconds. Asynchronous on purpose: the broker runs on this thread.
 */
function kcatProduce(address: string, topic: string, messages: number): Promise<number> {
  const line = `${'x'.repeat(1023)}\n`;
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-P', '-b', address, '-t', topic, '-X', 'acks=all'], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    child.on('error', (err) =>
      reject(new Error(`kcat could not run (apt-get install kcat): ${err.message}`)),
    );
    child.on('exit', (code) =>
      code === 0
        ? resolve(Number(process.hrtime.bigint() - start) / 1e9)
        : reject(new Error(`kcat exited with ${code}`)),
    );
    child.stdin.end(line.repeat(messages));
  });
}

function print(rows: Row[], mode: string): void {
  const widths = [
    Math.max(6, ...rows.map((r) => r.metric.length)),
    Math.max(5, ...rows.map((r) => r.value.length)),
    Math.max(6, ...rows.map((r) => r.target.length)),
  ];
  const line = (a: string, b: string, c: string): string =>
    `| ${a.padEnd(widths[0])} | ${b.padEnd(widths[1])} | ${c.padEnd(widths[2])} |`;
  console.log(`\nkafka-broker benchmark (${mode}, node ${process.version})\n`);
  console.log(line('metric', 'value', 'target'));
  console.log(line('-'.repeat(widths[0]), '-'.repeat(widths[1]), '-'.repeat(widths[2])));
  for (const r of rows) console.log(line(r.metric, r.value, r.target));
}

/** Runs the benchmark and prints the table. */
export async function main(argv: string[]): Promise<void> {
  const timer = setTimeout(() => {
    console.error(`benchmark exceeded ${TIME_LIMIT_MS / 1000} s, aborting`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  timer.unref();
  const rows = await run(argv);
  print(rows, argv.includes('--data') ? 'disk mode, fsync on acks=-1' : 'memory mode');
  clearTimeout(timer);
}

if (!isMainThread && (workerData as ProducerJob | undefined)?.role === 'producer') {
  producerWorker(workerData as ProducerJob).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
