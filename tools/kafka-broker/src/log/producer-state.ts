import { ErrorCode } from '../protocol/error-codes';
import { Batch } from '../protocol/record-batch';

/** Kafka keeps the metadata of this many recent batches per producer to spot retries. */
export const RETAINED_BATCHES = 5;

const NO_PRODUCER = -1;
const MAX_SEQUENCE = 0x7fffffff;

/** `seq + n`, wrapping from Int32.MAX to 0 as Kafka's sequences do. */
function addSequence(seq: number, n: number): number {
  return seq + n > MAX_SEQUENCE ? seq + n - MAX_SEQUENCE - 1 : seq + n;
}

/** The idempotence fields of a RecordBatch v2 header. */
export interface ProducerFields {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastSequence: number;
}

/** Reads the producer id, epoch and sequence range of a batch (producerId -1 = not idempotent). */
export function producerFields(batch: Buffer): ProducerFields {
  const baseSequence = batch.readInt32BE(Batch.BASE_SEQUENCE);
  const delta = batch.readInt32BE(Batch.LAST_OFFSET_DELTA);
  return {
    producerId: Number(batch.readBigInt64BE(Batch.PRODUCER_ID)),
    producerEpoch: batch.readInt16BE(Batch.PRODUCER_EPOCH),
    baseSequence,
    lastSequence: addSequence(baseSequence, delta),
  };
}

/** What to do with an incoming batch. */
export type SequenceCheck =
  { kind: 'append' } | { kind: 'duplicate'; baseOffset: number } | { kind: 'error'; code: number };

interface RecentBatch {
  baseSequence: number;
  lastSequence: number;
  baseOffset: number;
}

interface Producer {
  epoch: number;
  /** Newest last. */
  recent: RecentBatch[];
}

/**
 * Per-partition state of idempotent producers (Kafka's ProducerStateManager, without
 * transactions): the epoch of each producer id and the sequence ranges of its last
 * {@link RETAINED_BATCHES} batches. A retried batch that was already appended is answered
 * with its original offset instead of being appended again; a gap in the sequence is refused.
 * It is rebuilt from the log on start-up, so retries across a broker restart are caught too.
 */
export class ProducerState {
  private readonly producers = new Map<number, Producer>();

  /** Decides whether `batch` is new, a retry of a recent batch, or out of order. */
  check(batch: ProducerFields): SequenceCheck {
    if (batch.producerId === NO_PRODUCER) return { kind: 'append' };
    if (batch.producerEpoch < 0 || batch.baseSequence < 0) {
      return { kind: 'error', code: ErrorCode.INVALID_RECORD };
    }
    const known = this.producers.get(batch.producerId);
    // A producer we hold no state for (new, or its batches were deleted by retention) may
    // start at any sequence, as in Kafka since KIP-360.
    if (!known) return { kind: 'append' };
    if (batch.producerEpoch < known.epoch) {
      return { kind: 'error', code: ErrorCode.INVALID_PRODUCER_EPOCH };
    }
    if (batch.producerEpoch > known.epoch) {
      return batch.baseSequence === 0
        ? { kind: 'append' }
        : { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    const retry = known.recent.find(
      (b) => b.baseSequence === batch.baseSequence && b.lastSequence === batch.lastSequence,
    );
    if (retry) return { kind: 'duplicate', baseOffset: retry.baseOffset };
    const last = known.recent[known.recent.length - 1];
    if (last && batch.baseSequence !== addSequence(last.lastSequence, 1)) {
      return { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    return { kind: 'append' };
  }

  /** Records an appended batch (call only after {@link check} said `append`). */
  record(batch: ProducerFields, baseOffset: number): void {
    if (batch.producerId === NO_PRODUCER) return;
    let producer = this.producers.get(batch.producerId);
    if (!producer || batch.producerEpoch !== producer.epoch) {
      producer = { epoch: batch.producerEpoch, recent: [] };
      this.producers.set(batch.producerId, producer);
    }
    producer.recent.push({
      baseSequence: batch.baseSequence,
      lastSequence: batch.lastSequence,
      baseOffset,
    });
    if (producer.recent.length > RETAINED_BATCHES) producer.recent.shift();
  }

  /** Number of producer ids with state (for tests and diagnostics). */
  get size(): number {
    return this.producers.size;
  }
}

/**
 * Hands out producer ids for InitProducerId. Ids must never repeat, also across restarts
 * (a producer that outlived the broker keeps its id), so they start from the clock in
 * microseconds instead of from a counter that would need its own durable file: unique as
 * long as the clock does not go back, and below 2^53 for centuries.
 */
export class ProducerIds {
  private last = 0;

  next(now = Date.now()): number {
    this.last = Math.max(this.last + 1, now * 1000);
    return this.last;
  }
}
