import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { MemoryCache } from '@newsreel/shared-cache';
import { type PlatformConfig, loadConfig } from '@newsreel/shared-config';
import { InMemoryVideoRepository } from '@newsreel/video-domain/testing';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '@newsreel/shared-clock';
import { DeleteVideoHandler } from './delete-video/delete-video.handler';
import { GetVideoHandler } from './get-video/get-video.handler';
import { ListFeedHandler } from './list-feed/list-feed.handler';
import { PublishVideoHandler } from './publish-video/publish-video.handler';
import { VideoCache } from './shared/video-cache';

// The use cases with an in-memory repository and the real in-process cache: what the service
// does, independent of any database.
describe('video use cases', () => {
  const alice = uuidv7();
  const bob = uuidv7();
  let repo: InMemoryVideoRepository;
  let publish: PublishVideoHandler;
  let get: GetVideoHandler;
  let remove: DeleteVideoHandler;
  let feed: ListFeedHandler;
  let now: Date;

  beforeEach(() => {
    const config: PlatformConfig = loadConfig({ env: {} });
    const cache = new VideoCache(new MemoryCache(), config);
    const clock: Clock = { now: () => now };
    now = new Date('2026-11-21T10:00:00.000Z');
    repo = new InMemoryVideoRepository();
    publish = new PublishVideoHandler(repo, clock, cache);
    get = new GetVideoHandler(repo, cache);
    remove = new DeleteVideoHandler(repo, clock, cache);
    feed = new ListFeedHandler(repo, cache);
  });

  const post = (authorId: string, title: string, category: 'tech' | 'sports' = 'tech') =>
    publish.execute({ authorId, title, category, mediaUrl: '/media/a.mp4', durationSec: 20 });

  it('publishes with the clock time, defaults, and zero counts', async () => {
    const video = await post(alice, 'Hello');
    expect(video).toMatchObject({
      authorId: alice,
      title: 'Hello',
      description: '',
      coverUrl: null,
      publishedAt: '2026-11-21T10:00:00.000Z',
      likeCount: 0,
      commentCount: 0,
    });
    expect(await get.execute(video.id)).toEqual(video);
  });

  it('shows a new video in a feed that was already cached', async () => {
    await post(alice, 'one');
    expect((await feed.execute({ limit: 10 })).items).toHaveLength(1); // now cached
    await post(alice, 'two');
    expect((await feed.execute({ limit: 10 })).items.map((v) => v.title)).toEqual(['two', 'one']);
  });

  it('paginates with an opaque cursor and ends with null', async () => {
    for (const title of ['a', 'b', 'c']) await post(alice, title);
    const first = await feed.execute({ limit: 2 });
    expect(first.items.map((v) => v.title)).toEqual(['c', 'b']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await feed.execute({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((v) => v.title)).toEqual(['a']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue', async () => {
    const error = (await feed
      .execute({ limit: 2, cursor: 'made-up' })
      .catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(RpcStatus.INVALID_ARGUMENT);
  });

  it("lets only the author delete, and forgets the deleted video's cache entry", async () => {
    const video = await post(alice, 'mine');
    await get.execute(video.id); // cached
    await expect(remove.execute(video.id, bob)).rejects.toMatchObject({
      code: RpcStatus.PERMISSION_DENIED,
    });
    await remove.execute(video.id, alice);
    await expect(get.execute(video.id)).rejects.toMatchObject({ code: RpcStatus.NOT_FOUND });
    expect((await feed.execute({ limit: 10 })).items).toEqual([]);
    await expect(remove.execute(video.id, alice)).rejects.toMatchObject({
      code: RpcStatus.NOT_FOUND,
    });
  });

  it('publishes video.published and video.deleted (keyed by video) with their writes', async () => {
    const video = await post(alice, 'news');
    now = new Date('2026-11-21T11:00:00.000Z');
    await remove.execute(video.id, alice);
    expect(repo.published).toEqual([
      {
        topic: 'video.published.v1',
        key: video.id,
        payload: {
          videoId: video.id,
          authorId: alice,
          title: 'news',
          occurredAt: '2026-11-21T10:00:00.000Z',
        },
      },
      {
        topic: 'video.deleted.v1',
        key: video.id,
        payload: { videoId: video.id, authorId: alice, occurredAt: '2026-11-21T11:00:00.000Z' },
      },
    ]);
  });

  it('serves the following feed for several authors without mixing in others', async () => {
    await post(alice, 'a1');
    await post(bob, 'b1');
    await post(uuidv7(), 'stranger');
    const page = await feed.execute({ limit: 10, authorIds: [alice, bob] });
    expect(page.items.map((v) => v.title)).toEqual(['b1', 'a1']);
  });
});
