import { crc32c } from '../protocol/crc32c';
import { Batch } from '../protocol/record-batch';

function zigzagVarint(n: number): Buffer {
  let v = BigInt(n);
  v = v >= 0n ? v << 1n : (-v << 1n) - 1n;
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

function bytesField(b: Buffer | null): Buffer {
  return b === null ? zigzagVarint(-1) : Buffer.concat([zigzagVarint(b.length), b]);
}

/** A record for {@link buildBatch}. */
export interface TestRecord {
  key?: string | null;
  value: string | Buffer;
  headers?: Record<string, string>;
}

/** The idempotent producer fields of a batch (none: producer id -1). */
export interface TestProducer {
  id: bigint;
  epoch: number;
  sequence: number;
}

/**
 * Encodes an uncompressed RecordBatch v2 (what a producer sends), for tests that talk to
 * the log or the wire without kafkajs.
 */
export function buildBatch(
  records: TestRecord[],
  timestamp = Date.now(),
  baseOffset = 0,
  producer?: TestProducer,
): Buffer {
  const encoded = records.map((r, i) => {
    const headers = Object.entries(r.headers ?? {});
    const body = Buffer.concat([
      Buffer.from([0]), // attributes
      zigzagVarint(0), // timestamp delta
      zigzagVarint(i), // offset delta
      bytesField(r.key == null ? null : Buffer.from(r.key)),
      bytesField(Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value)),
      zigzagVarint(headers.length),
      ...headers.flatMap(([k, v]) => [bytesField(Buffer.from(k)), bytesField(Buffer.from(v))]),
    ]);
    return Buffer.concat([zigzagVarint(body.length), body]);
  });
  const recordsBuf = Buffer.concat(encoded);
  const batch = Buffer.alloc(Batch.HEADER_BYTES + recordsBuf.length);
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
  batch.writeInt32BE(batch.length - Batch.LOG_OVERHEAD, Batch.LENGTH);
  batch.writeInt32BE(0, 12); // partition leader epoch
  batch.writeInt8(2, Batch.MAGIC);
  batch.writeInt16BE(0, Batch.ATTRIBUTES);
  batch.writeInt32BE(records.length - 1, Batch.LAST_OFFSET_DELTA);
  batch.writeBigInt64BE(BigInt(timestamp), 27);
  batch.writeBigInt64BE(BigInt(timestamp), Batch.MAX_TIMESTAMP);
  batch.writeBigInt64BE(producer?.id ?? -1n, 43); // producer id
  batch.writeInt16BE(producer?.epoch ?? -1, 51); // producer epoch
  batch.writeInt32BE(producer?.sequence ?? -1, 53); // base sequence
  batch.writeInt32BE(records.length, Batch.RECORD_COUNT);
  recordsBuf.copy(batch, Batch.HEADER_BYTES);
  batch.writeUInt32BE(crc32c(batch, Batch.ATTRIBUTES), Batch.CRC);
  return batch;
}

/** Reads the values out of an uncompressed batch (enough for assertions). */
export function batchValues(batch: Buffer): string[] {
  const values: string[] = [];
  let pos = Batch.HEADER_BYTES;
  const varint = (): number => {
    let shift = 0n;
    let v = 0n;
    for (;;) {
      const b = batch[pos++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
      shift += 7n;
    }
    return Number((v >> 1n) ^ -(v & 1n));
  };
  const count = batch.readInt32BE(Batch.RECORD_COUNT);
  for (let i = 0; i < count; i++) {
    varint(); // length
    pos += 1; // attributes
    varint(); // timestamp delta
    varint(); // offset delta
    const keyLen = varint();
    if (keyLen > 0) pos += keyLen;
    const valueLen = varint();
    values.push(batch.toString('utf8', pos, pos + valueLen));
    pos += valueLen;
    const headers = varint();
    for (let h = 0; h < headers; h++) {
      pos += Math.max(0, varint());
      pos += Math.max(0, varint());
    }
  }
  return values;
}
