import { ApiKey } from './protocol/api-keys';
import { ErrorCode } from './protocol/error-codes';
import { startBroker } from './index';
import type { BrokerHandle } from './options';
import { buildBatch } from './testing/batch-builder';
import { RawClient } from './testing/raw-client';
import { recordingLogger, testKafka } from './testing/helpers';

const logger = recordingLogger();
let broker: BrokerHandle;
let healthy: RawClient;

beforeAll(async () => {
  broker = await startBroker({ port: 0, logger });
  healthy = await RawClient.connect(broker.port);
});

afterAll(async () => {
  healthy?.close();
  await broker?.stop();
});

function sizePrefix(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

async function expectClosed(client: RawClient, logPattern: RegExp): Promise<void> {
  await client.closed;
  expect(client.isClosed).toBe(true);
  expect(logger.lines.some((l) => l.level === 'warn' && logPattern.test(l.msg))).toBe(true);
}

/** The broker still answers on the long-lived connection and to a real client. */
async function expectStillServing(): Promise<void> {
  const r = await healthy.request(ApiKey.ApiVersions, 0);
  expect(r.int16()).toBe(ErrorCode.NONE);
  const admin = testKafka(broker.address).admin();
  await admin.connect();
  await admin.listTopics();
  await admin.disconnect();
}

describe('malformed and unsupported input', () => {
  it('closes a connection that sends garbage (an HTTP request)', async () => {
    const c = await RawClient.connect(broker.port);
    c.write(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    await expectClosed(c, /closing connection: frame of \d+ bytes exceeds the limit/);
    await expectStillServing();
  });

  it('refuses a huge declared size without allocating it', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const c = await RawClient.connect(broker.port);
    c.write(Buffer.concat([sizePrefix(0x7fffffff), Buffer.alloc(64, 1)]));
    await expectClosed(c, /exceeds the limit/);
    const c2 = await RawClient.connect(broker.port);
    c2.write(sizePrefix(200 * 1024 * 1024)); // just over the 100 MiB default
    await c2.closed;
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    await expectStillServing();
  });

  it('closes on negative/tiny sizes and on a request body truncated inside its frame', async () => {
    const neg = await RawClient.connect(broker.port);
    neg.write(sizePrefix(-1));
    await expectClosed(neg, /invalid frame size -1/);

    // a Metadata v4 request whose body stops right after the header
    const trunc = await RawClient.connect(broker.port);
    const frame = Buffer.alloc(10);
    frame.writeInt16BE(ApiKey.Metadata, 0);
    frame.writeInt16BE(4, 2);
    frame.writeInt32BE(77, 4);
    frame.writeInt16BE(-1, 8);
    trunc.write(Buffer.concat([sizePrefix(frame.length), frame]));
    await expectClosed(trunc, /malformed or failed request \(api key 3 v4\): truncated request/);

    // a topic array claiming a billion entries
    const lying = await RawClient.connect(broker.port);
    const liar = lying.request(ApiKey.Metadata, 4, (w) => w.int32(1_000_000_000).bool(false));
    await expect(liar).rejects.toThrow(/closed/);
    await expectClosed(lying, /invalid array length/);

    // a frame that ends mid-way and then the client goes away
    const half = await RawClient.connect(broker.port);
    half.write(Buffer.concat([sizePrefix(100), Buffer.alloc(30, 3)]));
    half.close();
    await expectStillServing();
  });

  it('answers unknown API keys and unsupported versions with UNSUPPORTED_VERSION and keeps the connection', async () => {
    const c = await RawClient.connect(broker.port);
    const unknown = await c.request(999, 0, (w) => w.int32(5));
    expect(unknown.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const txn = await c.request(26 /* EndTxn */, 0);
    expect(txn.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const newMetadata = await c.request(ApiKey.Metadata, 10, (w) => w.int32(-1));
    expect(newMetadata.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);

    // ApiVersions above v4 gets the v0 layout (KIP-511): error + the ApiVersions range only
    const v5 = await c.request(ApiKey.ApiVersions, 5);
    expect(v5.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const apis = v5.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }));
    expect(apis).toEqual([{ key: ApiKey.ApiVersions, min: 0, max: 4 }]);

    // the full list: ranges, no SASL (17, 36)
    const full = await c.request(ApiKey.ApiVersions, 2);
    expect(full.int16()).toBe(ErrorCode.NONE);
    const ranges = full.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }));
    expect(ranges.find((a) => a.key === ApiKey.Fetch)).toEqual({ key: 1, min: 4, max: 12 });
    expect(ranges.some((a) => a.key === 17 || a.key === 36)).toBe(false);

    const ok = await c.request(ApiKey.ApiVersions, 2);
    expect(ok.int16()).toBe(ErrorCode.NONE);
    expect(c.isClosed).toBe(false);
    c.close();
  });

  it('rejects transactional produce with INVALID_REQUEST and corrupt batches with CORRUPT_MESSAGE', async () => {
    const admin = testKafka(broker.address).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'raw', numPartitions: 1 }] });
    await admin.disconnect();
    const c = await RawClient.connect(broker.port);
    const produce = async (txnId: string | null, batch: Buffer) => {
      const r = await c.request(ApiKey.Produce, 3, (w) => {
        w.nullableString(txnId).int16(-1).int32(1000);
        w.array(['raw'], (w, t) => {
          w.string(t);
          w.array([0], (w, p) => w.int32(p).bytes(batch));
        });
      });
      const topics = r.array((r) => ({
        topic: r.string(),
        partitions: r.array((r) => ({
          partition: r.int32(),
          error: r.int16(),
          base: r.int64(),
          time: r.int64(),
        })),
      }));
      return topics[0].partitions[0];
    };
    const batch = buildBatch([{ value: 'hello' }]);
    expect((await produce('my-txn', batch)).error).toBe(ErrorCode.INVALID_REQUEST);
    const corrupt = Buffer.from(batch);
    corrupt[corrupt.length - 2] ^= 0x55;
    expect((await produce(null, corrupt)).error).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(await produce(null, batch)).toMatchObject({ error: 0, base: 0 });
    expect(await produce(null, batch)).toMatchObject({ error: 0, base: 1 });

    // acks=0 gets no response, but the next request on the connection is answered normally
    const fire = c.request(ApiKey.Produce, 3, (w) => {
      w.nullableString(null).int16(0).int32(1000);
      w.array(['raw'], (w, t) => {
        w.string(t);
        w.array([0], (w, p) => w.int32(p).bytes(batch));
      });
    });
    fire.catch(() => undefined); // never answered; rejected when the connection closes
    const after = await c.request(ApiKey.ListOffsets, 1, (w) => {
      w.int32(-1);
      w.array(['raw'], (w, t) => {
        w.string(t);
        w.array([0], (w, p) => w.int32(p).int64(-1));
      });
    });
    after.int32(); // topics count
    after.string();
    after.int32(); // partitions count
    expect(after.int32()).toBe(0);
    expect(after.int16()).toBe(0);
    after.int64();
    expect(after.int64()).toBe(3); // the acks=0 batch was appended
    const winner = await Promise.race([
      fire.then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('silent'), 200)),
    ]);
    expect(winner).toBe('silent');
    c.close();
  });
});
