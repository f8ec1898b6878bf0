import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OffsetStore } from '../groups/offset-store';
import type { TopicConfig } from '../options';
import { splitRecordSet } from '../protocol/record-batch';
import { SyncScheduler } from '../storage/sync-scheduler';
import { batchValues, buildBatch } from '../testing/batch-builder';
import { recordingLogger } from '../testing/helpers';
import { type LogEnv, PartitionLog } from './partition-log';
import { segmentFileName } from './segment';
import { TopicRegistry } from './topic-registry';

const config: TopicConfig = {
  retentionMs: -1,
  retentionBytes: -1,
  segmentBytes: 1024 * 1024,
  segmentMs: 3_600_000,
};

function env(
  overrides: Partial<LogEnv> = {},
): LogEnv & { logger: ReturnType<typeof recordingLogger> } {
  return {
    sync: new SyncScheduler(true),
    logger: recordingLogger(),
    cacheBytes: 1024 * 1024,
    maxBatchBytes: 1024 * 1024,
    ...overrides,
  } as LogEnv & { logger: ReturnType<typeof recordingLogger> };
}

function slices(...values: string[][]) {
  return values.map((vs) => {
    const res = splitRecordSet(buildBatch(vs.map((value) => ({ value }))));
    if ('error' in res) throw new Error('bad batch');
    return res.batches[0];
  });
}

async function readAll(log: PartitionLog, from: number, maxBytes = 1 << 30): Promise<string[]> {
  const batches = await log.read(from, maxBytes, true).data;
  return batches.flatMap(batchValues);
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'kafka-log-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('PartitionLog (memory)', () => {
  it('assigns consecutive offsets and patches baseOffset', async () => {
    const log = PartitionLog.create('t', 0, null, env());
    expect(log.append(slices(['a', 'b']), config).baseOffset).toBe(0);
    expect(log.append(slices(['c']), config).baseOffset).toBe(2);
    expect(log.logEndOffset).toBe(3);
    const [first, second] = await log.read(0, 1 << 20, true).data;
    expect(first.readBigInt64BE(0)).toBe(0n);
    expect(second.readBigInt64BE(0)).toBe(2n);
    // the CRC still validates after patching the offset
    expect('batches' in splitRecordSet(Buffer.concat([first, second]))).toBe(true);
  });

  it('returns whole batches starting with the one containing the fetch offset', async () => {
    const log = PartitionLog.create('t', 0, null, env());
    log.append(slices(['a', 'b', 'c'], ['d', 'e']), config);
    expect(await readAll(log, 1)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await readAll(log, 3)).toEqual(['d', 'e']);
    expect(await readAll(log, 5)).toEqual([]);
  });

  it('respects maxBytes but always returns one complete batch when allowed', async () => {
    const log = PartitionLog.create('t', 0, null, env());
    log.append(slices(['x'.repeat(500)], ['y'.repeat(500)]), config);
    const oneSize = (await log.read(0, 1 << 20, true).data)[0].length;
    expect(log.read(0, 10, true).bytes).toBe(oneSize);
    expect(log.read(0, 10, false).bytes).toBe(0);
    expect(log.read(0, oneSize + 10, false).bytes).toBe(oneSize);
  });

  it('wakes listeners synchronously on append', () => {
    const log = PartitionLog.create('t', 0, null, env());
    const seen: number[] = [];
    const off = log.onAppend(() => seen.push(log.logEndOffset));
    log.append(slices(['a']), config);
    off();
    log.append(slices(['b']), config);
    expect(seen).toEqual([1]);
  });

  it('applies size retention by whole segments and advances the log start offset', async () => {
    const small: TopicConfig = { ...config, segmentBytes: 200, retentionBytes: 500 };
    const log = PartitionLog.create('t', 0, null, env());
    for (let i = 0; i < 20; i++) log.append(slices([`v${i}-${'p'.repeat(100)}`]), small);
    const before = log.sizeBytes;
    log.applyRetention(small);
    expect(log.sizeBytes).toBeLessThan(before);
    expect(log.sizeBytes).toBeLessThanOrEqual(500 + 200);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.logEndOffset).toBe(20);
    const values = await readAll(log, log.logStartOffset);
    expect(values[values.length - 1]).toMatch(/^v19-/);
    expect(log.read(0, 1000, true).bytes).toBe(0); // deleted offsets are not served
  });

  it('applies time retention, including the aged active segment', () => {
    const timed: TopicConfig = { ...config, retentionMs: 1000 };
    const log = PartitionLog.create('t', 0, null, env());
    const t0 = 1_000_000;
    log.append(slices(['old']), timed, t0);
    log.append(slices(['old2']), timed, t0 + 10);
    log.applyRetention(timed, t0 + 5000); // rolls the aged active segment
    log.applyRetention(timed, t0 + 5000); // deletes it
    expect(log.logStartOffset).toBe(2);
    expect(log.logEndOffset).toBe(2);
    log.append(slices(['new']), timed, t0 + 6000);
    expect(log.logEndOffset).toBe(3);
  });
});

describe('PartitionLog (disk)', () => {
  it('survives a reopen with offsets, data and append positions intact', async () => {
    const e = env({ cacheBytes: 100 }); // tiny cache: reads must come from the files
    const log = PartitionLog.create('t', 0, join(dir, 'p0'), e);
    await log.append(slices(['a', 'b'], ['c']), { ...config, segmentBytes: 50 }).durable;
    await log.append(slices(['d']), { ...config, segmentBytes: 50 }).durable;
    log.close();
    const again = PartitionLog.load('t', 0, join(dir, 'p0'), e);
    expect(again.logEndOffset).toBe(4);
    expect(await readAll(again, 0)).toEqual(['a', 'b', 'c', 'd']);
    await again.append(slices(['e']), config).durable;
    expect(await readAll(again, 4)).toEqual(['e']);
    again.close();
  });

  it('deletes retained-away segment files and keeps serving the rest from disk', async () => {
    const e = env({ cacheBytes: 1 }); // nothing cached: every read goes to a (sealed) file
    const p = join(dir, 'p0');
    const small: TopicConfig = { ...config, segmentBytes: 150, retentionBytes: 400 };
    const log = PartitionLog.create('t', 0, p, e);
    for (let i = 0; i < 12; i++)
      await log.append(slices([`r${i}-${'z'.repeat(80)}`]), small).durable;
    const filesBefore = fs.readdirSync(p).length;
    log.applyRetention(small);
    const filesAfter = fs.readdirSync(p).length;
    expect(filesAfter).toBeLessThan(filesBefore);
    const start = log.logStartOffset;
    expect(start).toBeGreaterThan(0);
    const values = await readAll(log, start);
    expect(values.map((v) => v.split('-')[0])).toEqual(
      Array.from({ length: 12 - start }, (_, i) => `r${start + i}`),
    );
    log.close();
    const again = PartitionLog.load('t', 0, p, e);
    expect(again.logStartOffset).toBe(start);
    expect(again.logEndOffset).toBe(12);
    again.close();
  });

  it('truncates a torn tail (partial write) on load and never serves it', async () => {
    const e = env();
    const p = join(dir, 'p0');
    const log = PartitionLog.create('t', 0, p, e);
    log.append(slices(['keep1']), config);
    log.append(slices(['keep2']), config);
    log.append(slices(['torn']), config);
    log.close();
    const file = join(p, segmentFileName(0));
    const size = fs.statSync(file).size;
    fs.truncateSync(file, size - 5); // the last frame lost its final bytes
    const again = PartitionLog.load('t', 0, p, e);
    expect(again.logEndOffset).toBe(2);
    expect(await readAll(again, 0)).toEqual(['keep1', 'keep2']);
    expect(e.logger.lines.some((l) => l.level === 'warn' && /torn/.test(l.msg))).toBe(true);
    // the next append reuses offset 2 and is readable after another reopen
    await again.append(slices(['after']), config).durable;
    again.close();
    const third = PartitionLog.load('t', 0, p, e);
    expect(await readAll(third, 0)).toEqual(['keep1', 'keep2', 'after']);
    third.close();
  });

  it('drops garbage appended after the last good frame', async () => {
    const e = env();
    const p = join(dir, 'p0');
    const log = PartitionLog.create('t', 0, p, e);
    log.append(slices(['ok']), config);
    log.close();
    const file = join(p, segmentFileName(0));
    const good = fs.statSync(file).size;
    fs.appendFileSync(file, Buffer.from([0, 0, 0, 80, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const again = PartitionLog.load('t', 0, p, e);
    expect(fs.statSync(file).size).toBe(good);
    expect(again.logEndOffset).toBe(1);
    expect(await readAll(again, 0)).toEqual(['ok']);
    again.close();
  });

  it('detects a corrupted frame in the middle by checksum', async () => {
    const e = env();
    const p = join(dir, 'p0');
    const log = PartitionLog.create('t', 0, p, e);
    log.append(slices(['one']), config);
    const second = log.logEndOffset;
    log.append(slices(['two']), config);
    log.append(slices(['three']), config);
    log.close();
    const file = join(p, segmentFileName(0));
    const bytes = fs.readFileSync(file);
    const firstFrameLen = 8 + bytes.readUInt32BE(0);
    bytes[firstFrameLen + 30] ^= 0xff; // flip a byte inside the second frame
    fs.writeFileSync(file, bytes);
    const again = PartitionLog.load('t', 0, p, e);
    expect(again.logEndOffset).toBe(second);
    expect(await readAll(again, 0)).toEqual(['one']);
    again.close();
  });
});

describe('TopicRegistry + OffsetStore (disk)', () => {
  it('persist topics, per-topic config and offsets; a torn offsets tail is dropped', async () => {
    const logger = recordingLogger();
    const sync = new SyncScheduler(true);
    const defaults: TopicConfig = { ...config };
    const mk = () =>
      new TopicRegistry({
        dataDir: dir,
        sync,
        logger,
        defaults,
        perTopic: {},
        cacheBytes: 1 << 20,
        maxBatchBytes: 1 << 20,
      });
    const topics = mk();
    topics.load();
    expect(topics.create('orders', 3, { retentionMs: 5000 }).error).toBe(0);
    expect(topics.create('orders', 3).error).toBe(36);
    expect(topics.create('bad/name', 1).error).toBe(17);
    expect(topics.create('zero', 0).error).toBe(37);
    await topics.partition('orders', 2)?.append(slices(['x']), defaults).durable;
    topics.create('gone', 1);
    expect(topics.delete('gone')).toBe(0);
    topics.close();

    const offsets = new OffsetStore(dir, sync, logger);
    offsets.load();
    await offsets.commit('g', [{ topic: 'orders', partition: 2, offset: 1, metadata: 'm' }]);
    await offsets.commit('g', [{ topic: 'orders', partition: 2, offset: 5, metadata: null }]);
    offsets.close();
    fs.appendFileSync(join(dir, 'offsets.log'), Buffer.from([0, 0, 0, 9, 1, 2])); // torn record

    const again = mk();
    again.load();
    expect(again.list().map((t) => t.name)).toEqual(['orders']);
    expect(again.get('orders')?.partitions).toHaveLength(3);
    expect(again.get('orders')?.config.retentionMs).toBe(5000);
    expect(again.partition('orders', 2)?.logEndOffset).toBe(1);
    again.close();
    const offsets2 = new OffsetStore(dir, sync, logger);
    offsets2.load();
    expect(offsets2.get('g', 'orders', 2)).toEqual({
      topic: 'orders',
      partition: 2,
      offset: 5,
      metadata: null,
    });
    await offsets2.commit('g', [{ topic: 'orders', partition: 0, offset: 7, metadata: null }]);
    offsets2.close();
    const offsets3 = new OffsetStore(dir, sync, logger);
    offsets3.load();
    expect(offsets3.get('g', 'orders', 0)?.offset).toBe(7);
    offsets3.close();
  });
});
