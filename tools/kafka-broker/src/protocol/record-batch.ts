import { crc32c } from './crc32c';
import { ErrorCode } from './error-codes';

/**
 * RecordBatch v2 header layout (byte offsets). The broker treats batches as opaque bytes and
 * only reads these fields; CRC-32C covers `ATTRIBUTES..end`, so patching `BASE_OFFSET`
 * keeps the checksum valid.
 */
export const Batch = {
  BASE_OFFSET: 0,
  LENGTH: 8,
  PARTITION_LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORD_COUNT: 57,
  HEADER_BYTES: 61,
  /** `baseOffset` and `batchLength` are not counted in `batchLength`. */
  LOG_OVERHEAD: 12,
} as const;

/** Attribute bits a non-transactional broker refuses (transactions are not supported). */
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;

/** One batch found inside a produced record set. */
export interface BatchSlice {
  /** The batch bytes (a view into the request frame). */
  data: Buffer;
  lastOffsetDelta: number;
  maxTimestamp: number;
}

/** Result of splitting a produced record set: batches, or the error code to answer with. */
export type SplitResult = { batches: BatchSlice[] } | { error: number };

/**
 * Splits a produced record set into its batches and validates each one (size, magic v2,
 * CRC-32C, no transactional/control batches) so corrupt data is refused before it is logged.
 */
export function splitRecordSet(records: Buffer): SplitResult {
  const batches: BatchSlice[] = [];
  let pos = 0;
  while (pos < records.length) {
    if (records.length - pos < Batch.HEADER_BYTES) return { error: ErrorCode.CORRUPT_MESSAGE };
    const length = records.readInt32BE(pos + Batch.LENGTH) + Batch.LOG_OVERHEAD;
    if (length < Batch.HEADER_BYTES || pos + length > records.length) {
      return { error: ErrorCode.CORRUPT_MESSAGE };
    }
    const data = records.subarray(pos, pos + length);
    if (data.readInt8(Batch.MAGIC) !== 2)
      return { error: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT };
    if (crc32c(data, Batch.ATTRIBUTES) !== data.readUInt32BE(Batch.CRC)) {
      return { error: ErrorCode.CORRUPT_MESSAGE };
    }
    const attributes = data.readInt16BE(Batch.ATTRIBUTES);
    if (attributes & (TRANSACTIONAL_FLAG | CONTROL_FLAG))
      return { error: ErrorCode.INVALID_REQUEST };
    const lastOffsetDelta = data.readInt32BE(Batch.LAST_OFFSET_DELTA);
    if (lastOffsetDelta < 0) return { error: ErrorCode.CORRUPT_MESSAGE };
    batches.push({
      data,
      lastOffsetDelta,
      maxTimestamp: Number(data.readBigInt64BE(Batch.MAX_TIMESTAMP)),
    });
    pos += length;
  }
  return { batches };
}
