import {
  type Like,
  LikeAlreadyExistsError,
  type LikeCount,
  type LikeEvent,
  type LikeRepository,
  type LikeTransaction,
  zeroLikeCount,
} from '..';
import type { EventPayload } from '@newsreel/shared-contracts';
import type { PublishOptions } from '@newsreel/shared-unit-of-work';
import { type PublishedEvent, RecordingTransaction } from '@newsreel/shared-unit-of-work/testing';
import { ioTick } from '@newsreel/shared-unit-of-work/testing';

/** An event the fake "published": committed with its transaction. */
export type PublishedLikeEvent = PublishedEvent;

const pair = (userId: string, videoId: string) => `${userId}/${videoId}`;

/**
 * In-memory {@link LikeRepository} for unit tests, with real transaction semantics: each
 * transaction works on a copy that replaces the state only on commit (so a failure leaves no
 * like, no count and no event behind), transactions run one at a time (as on SQLite), and a
 * duplicate like throws `LikeAlreadyExistsError` as the unique key does.
 */
export class InMemoryLikeRepository implements LikeRepository {
  likes = new Map<string, Like>();
  counts = new Map<string, LikeCount>();
  /** Events of committed transactions, in commit order. */
  readonly published: PublishedLikeEvent[] = [];
  /** Calls of {@link countOf}: tells whether a count came from the cache or the database. */
  countReads = 0;
  /** Makes the next commit fail (as a lost connection would), after `work` ran. */
  failNextCommit?: Error;
  private queue: Promise<unknown> = Promise.resolve();

  run<T>(work: (tx: LikeTransaction) => Promise<T>): Promise<T> {
    const run = async () => {
      const tx = new InMemoryLikeTransaction(new Map(this.likes), cloneCounts(this.counts));
      const result = await work(tx);
      await ioTick();
      const failure = this.failNextCommit;
      if (failure) {
        this.failNextCommit = undefined;
        throw failure;
      }
      this.likes = tx.likes;
      this.counts = tx.counts;
      this.published.push(...tx.published);
      await tx.committed();
      return result;
    };
    const result = this.queue.then(run);
    // The queue moves on whether this transaction committed or failed.
    this.queue = result.catch(() => undefined);
    return result;
  }

  async countOf(videoId: string): Promise<LikeCount> {
    this.countReads++;
    await ioTick();
    return { ...(this.counts.get(videoId) ?? zeroLikeCount(videoId)) };
  }

  async likedVideoIds(userId: string, videoIds: readonly string[]): Promise<string[]> {
    await ioTick();
    return [...new Set(videoIds)].filter((videoId) => this.likes.has(pair(userId, videoId)));
  }

  /** Test helper: the committed count of a video (0 when there is no row). */
  count(videoId: string): number {
    return this.counts.get(videoId)?.count ?? 0;
  }
}

class InMemoryLikeTransaction extends RecordingTransaction<LikeEvent> implements LikeTransaction {
  constructor(
    readonly likes: Map<string, Like>,
    readonly counts: Map<string, LikeCount>,
  ) {
    super();
  }

  async insert(like: Like): Promise<void> {
    await ioTick();
    const key = pair(like.userId, like.videoId);
    if (this.likes.has(key)) throw new LikeAlreadyExistsError(like.userId, like.videoId);
    this.likes.set(key, { ...like });
  }

  async delete(userId: string, videoId: string): Promise<boolean> {
    await ioTick();
    return this.likes.delete(pair(userId, videoId));
  }

  async adjustCount(videoId: string, delta: 1 | -1): Promise<LikeCount> {
    await ioTick();
    const current = this.counts.get(videoId) ?? zeroLikeCount(videoId);
    const next = {
      videoId,
      count: Math.max(0, current.count + delta),
      revision: current.revision + 1,
    };
    this.counts.set(videoId, next);
    return { ...next };
  }

  override async publish<E extends LikeEvent>(
    event: E,
    payload: EventPayload<E>,
    options?: PublishOptions,
  ): Promise<string> {
    await ioTick();
    // Validated and recorded as the real outbox would (kept only if the transaction commits).
    return super.publish(event, payload, options);
  }
}

function cloneCounts(counts: Map<string, LikeCount>): Map<string, LikeCount> {
  return new Map([...counts].map(([id, counter]) => [id, { ...counter }]));
}
