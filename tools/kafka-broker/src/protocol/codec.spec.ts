import { buildBatch } from '../testing/batch-builder';
import { crc32c } from './crc32c';
import { ErrorCode } from './error-codes';
import { FrameDecoder, FrameError } from './frame-decoder';
import { ProtocolError, Reader } from './reader';
import { Batch, splitRecordSet } from './record-batch';
import { Writer, frameResponse } from './writer';

describe('Reader / Writer', () => {
  it('round-trips every primitive', () => {
    const big = Buffer.alloc(10_000, 7);
    const w = new Writer(8)
      .int8(-3)
      .bool(true)
      .int16(-1234)
      .int32(123456789)
      .int64(2 ** 40 + 5)
      .string('héllo')
      .nullableString(null)
      .bytes(Buffer.from([1, 2, 3]))
      .nullableBytes(null)
      .bytes(big)
      .array([1, 2, 3], (w, v) => w.int32(v));
    const chunks = w.toChunks();
    expect(chunks.some((c) => c === big)).toBe(true); // large payloads are not copied
    const r = new Reader(Buffer.concat(chunks));
    expect(r.int8()).toBe(-3);
    expect(r.bool()).toBe(true);
    expect(r.int16()).toBe(-1234);
    expect(r.int32()).toBe(123456789);
    expect(r.int64()).toBe(2 ** 40 + 5);
    expect(r.string()).toBe('héllo');
    expect(r.nullableString()).toBeNull();
    expect([...r.bytes()]).toEqual([1, 2, 3]);
    expect(r.nullableBytes()).toBeNull();
    expect(r.bytes().equals(big)).toBe(true);
    expect(r.array((r) => r.int32())).toEqual([1, 2, 3]);
    expect(r.remaining()).toBe(0);
  });

  it('frames responses with size and correlation id', () => {
    const buf = Buffer.concat(frameResponse(42, new Writer().int16(7)));
    expect(buf.readInt32BE(0)).toBe(6);
    expect(buf.readInt32BE(4)).toBe(42);
    expect(buf.readInt16BE(8)).toBe(7);
  });

  it('refuses reads past the frame and absurd array counts', () => {
    expect(() => new Reader(Buffer.from([0, 1])).int32()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0, 10, 65])).string()).toThrow(ProtocolError);
    const huge = Buffer.alloc(4);
    huge.writeInt32BE(1_000_000_000);
    expect(() => new Reader(huge).array((r) => r.int8())).toThrow(/invalid array length/);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xfe])).nullableBytes()).toThrow(
      ProtocolError,
    );
  });
});

describe('crc32c', () => {
  it('matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const long = Buffer.alloc(1000, 0x61);
    expect(crc32c(long, 3, 900)).toBe(crc32c(long.subarray(3, 900)));
  });

  it('agrees with kafkajs’ own CRC-32C', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kafkajsCrc = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;
    const data = Buffer.from('the quick brown fox jumps over the lazy dog, repeatedly '.repeat(20));
    expect(crc32c(data)).toBe(kafkajsCrc(data) >>> 0);
  });
});

describe('FrameDecoder', () => {
  const frame = (body: Buffer): Buffer => {
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    return Buffer.concat([size, body]);
  };

  it('reassembles frames split at any byte', () => {
    const a = frame(Buffer.alloc(12, 1));
    const b = frame(Buffer.alloc(30, 2));
    const stream = Buffer.concat([a, b]);
    for (let cut = 1; cut < stream.length; cut++) {
      const d = new FrameDecoder(1024);
      const frames = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      expect(frames.map((f) => f.length)).toEqual([12, 30]);
      expect(frames[1].every((x) => x === 2)).toBe(true);
    }
  });

  it('rejects huge and tiny declared sizes before buffering them', () => {
    const d = new FrameDecoder(1024 * 1024);
    const header = Buffer.alloc(4);
    header.writeInt32BE(0x7fffffff);
    expect(() => d.push(header)).toThrow(FrameError);
    header.writeInt32BE(-5);
    expect(() => new FrameDecoder(1024).push(header)).toThrow(/invalid frame size/);
    header.writeInt32BE(3);
    expect(() => new FrameDecoder(1024).push(header)).toThrow(/invalid frame size/);
  });
});

describe('splitRecordSet', () => {
  it('accepts valid batches and reports their offset deltas', () => {
    const a = buildBatch([{ value: 'a' }, { value: 'b' }]);
    const b = buildBatch([{ key: 'k', value: 'c', headers: { h: 'v' } }]);
    const res = splitRecordSet(Buffer.concat([a, b]));
    if ('error' in res) throw new Error(`unexpected error ${res.error}`);
    expect(res.batches.map((x) => x.lastOffsetDelta)).toEqual([1, 0]);
    expect(res.batches[1].data.equals(b)).toBe(true);
  });

  it('accepts a batch encoded by kafkajs (cross-checks the layout and CRC)', async () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
      RecordBatch: (o: object) => Promise<{ buffer: Buffer }>;
    };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (o: object) => object;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const now = Date.now();
    const encoded = await RecordBatch({
      records: [
        Record({ key: 'k', value: 'v', offsetDelta: 0, timestampDelta: 0 }),
        Record({ value: 'w', offsetDelta: 1, timestampDelta: 0 }),
      ],
      firstTimestamp: now,
      maxTimestamp: now,
      lastOffsetDelta: 1,
    });
    const res = splitRecordSet(encoded.buffer);
    if ('error' in res) throw new Error(`unexpected error ${res.error}`);
    expect(res.batches).toHaveLength(1);
    expect(res.batches[0].lastOffsetDelta).toBe(1);
    expect(res.batches[0].maxTimestamp).toBe(now);
  });

  it('refuses corrupt, truncated, old-format and transactional batches', () => {
    const good = buildBatch([{ value: 'x' }]);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 1] ^= 0xff;
    expect(splitRecordSet(flipped)).toEqual({ error: ErrorCode.CORRUPT_MESSAGE });
    expect(splitRecordSet(good.subarray(0, good.length - 1))).toEqual({
      error: ErrorCode.CORRUPT_MESSAGE,
    });
    expect(splitRecordSet(good.subarray(0, 20))).toEqual({ error: ErrorCode.CORRUPT_MESSAGE });
    const oldMagic = Buffer.from(good);
    oldMagic.writeInt8(1, Batch.MAGIC);
    expect(splitRecordSet(oldMagic)).toEqual({ error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT });
    const txn = Buffer.from(good);
    txn.writeInt16BE(0x10, Batch.ATTRIBUTES);
    txn.writeUInt32BE(crc32c(txn, Batch.ATTRIBUTES), Batch.CRC);
    expect(splitRecordSet(txn)).toEqual({ error: ErrorCode.INVALID_REQUEST });
  });
});
