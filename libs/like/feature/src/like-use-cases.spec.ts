import type { LikeCount, LikeCountCache } from '@newsreel/like-domain';
import { v7 as uuidv7 } from 'uuid';
import { createLikeTestKit } from './testing';

// The like use cases on an in-memory repository (transactions that commit or vanish whole) and
// the real in-process count cache: idempotency, exact counts and one event per real change.
describe('like use cases', () => {
  const alice = uuidv7();
  const bob = uuidv7();
  const author = uuidv7();
  const video = uuidv7();
  const request = (userId: string, videoId = video) => ({ userId, videoId, videoAuthorId: author });

  it('likes once: the like, count 1 and one like.created.v1 keyed by video', async () => {
    const kit = createLikeTestKit();
    await expect(kit.like.execute(request(alice))).resolves.toEqual({ liked: true, likeCount: 1 });
    expect(kit.repository.count(video)).toBe(1);
    expect(kit.repository.published).toEqual([
      {
        topic: 'like.created.v1',
        key: video,
        payload: {
          userId: alice,
          videoId: video,
          videoAuthorId: author,
          occurredAt: '2026-11-21T10:00:00.000Z',
        },
      },
    ]);
  });

  it('likes twice: the second call changes nothing and publishes nothing', async () => {
    const kit = createLikeTestKit();
    await kit.like.execute(request(alice));
    kit.clock.current = new Date('2026-11-21T11:00:00.000Z');
    await expect(kit.like.execute(request(alice))).resolves.toEqual({ liked: true, likeCount: 1 });
    expect(kit.repository.count(video)).toBe(1);
    expect(kit.repository.published).toHaveLength(1);
    expect([...kit.repository.likes.values()]).toEqual([
      { userId: alice, videoId: video, createdAt: new Date('2026-11-21T10:00:00.000Z') },
    ]);
  });

  it('settles two concurrent identical likes as one like, +1 and one event', async () => {
    const kit = createLikeTestKit();
    // Both pass the "already liked?" check before either commits; the unique key decides.
    const states = await Promise.all([
      kit.like.execute(request(alice)),
      kit.like.execute(request(alice)),
    ]);
    expect(states).toEqual([
      { liked: true, likeCount: 1 },
      { liked: true, likeCount: 1 },
    ]);
    expect(kit.repository.count(video)).toBe(1);
    expect(kit.repository.published.map((e) => e.topic)).toEqual(['like.created.v1']);
  });

  it('counts concurrent likes of different users exactly', async () => {
    const kit = createLikeTestKit();
    const users = Array.from({ length: 5 }, () => uuidv7());
    const states = await Promise.all(users.map((user) => kit.like.execute(request(user))));
    expect(states.map((s) => s.likeCount).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(kit.repository.count(video)).toBe(5);
    expect(kit.repository.published).toHaveLength(5);
    await expect(kit.like.execute(request(users[0]))).resolves.toEqual({
      liked: true,
      likeCount: 5,
    });
  });

  it('unlikes a like: count -1 and one like.removed.v1; a second unlike does nothing', async () => {
    const kit = createLikeTestKit();
    await kit.like.execute(request(alice));
    await kit.like.execute(request(bob));
    kit.clock.current = new Date('2026-11-21T12:00:00.000Z');
    await expect(kit.unlike.execute(request(alice))).resolves.toEqual({
      liked: false,
      likeCount: 1,
    });
    await expect(kit.unlike.execute(request(alice))).resolves.toEqual({
      liked: false,
      likeCount: 1,
    });
    expect(kit.repository.count(video)).toBe(1);
    expect(kit.repository.published.slice(2)).toEqual([
      {
        topic: 'like.removed.v1',
        key: video,
        payload: {
          userId: alice,
          videoId: video,
          videoAuthorId: author,
          occurredAt: '2026-11-21T12:00:00.000Z',
        },
      },
    ]);
  });

  it('never goes below zero and publishes nothing for unlikes of videos never liked', async () => {
    const kit = createLikeTestKit();
    await expect(kit.unlike.execute(request(alice))).resolves.toEqual({
      liked: false,
      likeCount: 0,
    });
    await Promise.all([kit.unlike.execute(request(alice)), kit.unlike.execute(request(bob))]);
    expect(kit.repository.count(video)).toBe(0);
    expect(kit.repository.published).toEqual([]);

    await kit.like.execute(request(alice));
    const states = await Promise.all([
      kit.unlike.execute(request(alice)),
      kit.unlike.execute(request(alice)),
    ]);
    expect(states).toEqual([
      { liked: false, likeCount: 0 },
      { liked: false, likeCount: 0 },
    ]);
    expect(kit.repository.count(video)).toBe(0);
    expect(kit.repository.published.map((e) => e.topic)).toEqual([
      'like.created.v1',
      'like.removed.v1',
    ]);
  });

  it('leaves no like, count or event behind when the transaction fails', async () => {
    const kit = createLikeTestKit();
    kit.repository.failNextCommit = new Error('connection lost');
    await expect(kit.like.execute(request(alice))).rejects.toThrow('connection lost');
    expect(kit.repository.likes.size).toBe(0);
    expect(kit.repository.count(video)).toBe(0);
    expect(kit.repository.published).toEqual([]);
    expect(await kit.cache.get(video)).toBeUndefined();
    // The client's retry then works as a first like.
    await expect(kit.like.execute(request(alice))).resolves.toEqual({ liked: true, likeCount: 1 });
  });

  it('writes the count through to the cache after commit and serves repeats from it', async () => {
    const kit = createLikeTestKit();
    await kit.like.execute(request(alice));
    await kit.like.execute(request(bob));
    expect(await kit.cache.get(video)).toEqual({ videoId: video, count: 2, revision: 2 });
    await kit.like.execute(request(alice)); // already liked: count read, from the copy
    expect(kit.repository.countReads).toBe(0);
    await kit.unlike.execute(request(bob));
    expect(await kit.cache.get(video)).toEqual({ videoId: video, count: 1, revision: 3 });
  });

  it('reads the database when the cache misses or fails, so counts stay exact', async () => {
    // A cache that always misses and drops writes: a Redis that is down.
    const broken: LikeCountCache = {
      get: () => Promise.resolve(undefined),
      put: (_counter: LikeCount) => Promise.resolve(),
    };
    const kit = createLikeTestKit(broken);
    await kit.like.execute(request(alice));
    await kit.like.execute(request(bob));
    await expect(kit.like.execute(request(alice))).resolves.toEqual({ liked: true, likeCount: 2 });
    await expect(kit.unlike.execute(request(uuidv7()))).resolves.toEqual({
      liked: false,
      likeCount: 2,
    });
    expect(kit.repository.countReads).toBe(2);
  });

  it('tells which of the given videos a user liked, in the order asked, each once', async () => {
    const kit = createLikeTestKit();
    const [v1, v2, v3] = [uuidv7(), uuidv7(), uuidv7()];
    await kit.like.execute(request(alice, v1));
    await kit.like.execute(request(alice, v3));
    await kit.like.execute(request(bob, v2));
    await expect(
      kit.likedBy.execute({ userId: alice, videoIds: [v3, v2, v1, v3] }),
    ).resolves.toEqual({
      videoIds: [v3, v1],
    });
    await expect(kit.likedBy.execute({ userId: alice, videoIds: [] })).resolves.toEqual({
      videoIds: [],
    });
    await expect(kit.likedBy.execute({ userId: uuidv7(), videoIds: [v1] })).resolves.toEqual({
      videoIds: [],
    });
  });
});
