import { CommentPageSchema } from '@newsreel/comment-contracts';
import { encodeCommentCursor, fixedSensitiveWords } from '@newsreel/comment-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { v7 } from 'uuid';
import { PostCommentHandler } from '../post-comment/post-comment.handler';
import { InMemoryCommentRepository } from '@newsreel/comment-domain/testing';
import { FakeClock } from '@newsreel/shared-clock/testing';
import { ListCommentsHandler } from './list-comments.handler';

describe('ListCommentsHandler', () => {
  const videoId = v7();
  const videoAuthorId = v7();
  const alice = v7();
  let repo: InMemoryCommentRepository;
  let post: PostCommentHandler;
  let list: ListCommentsHandler;

  beforeEach(() => {
    repo = new InMemoryCommentRepository();
    post = new PostCommentHandler(repo, fixedSensitiveWords([]), new FakeClock());
    list = new ListCommentsHandler(repo);
  });

  const say = (text: string, parentId?: string, onVideo = videoId) =>
    post.execute({ videoId: onVideo, videoAuthorId, authorId: alice, text, parentId });

  it('lists oldest first, replies included, and pages with an opaque cursor ending in null', async () => {
    const a = await say('a');
    await say('elsewhere', undefined, v7());
    const b = await say('b', a.id);
    const c = await say('c');
    const d = await say('d', b.id);
    const e = await say('e');

    const first = await list.execute({ videoId, limit: 2 });
    expect(CommentPageSchema.parse(first)).toEqual(first);
    expect(first.items).toEqual([a, b]);
    expect(first.items[1].parentId).toBe(a.id);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(first.nextCursor).not.toContain(b.id);

    const second = await list.execute({ videoId, limit: 2, cursor: first.nextCursor! });
    expect(second.items).toEqual([c, d]);
    expect(second.items[1].parentId).toBe(b.id);
    const third = await list.execute({ videoId, limit: 2, cursor: second.nextCursor! });
    expect(third).toEqual({ items: [e], nextCursor: null });
    // Exactly a full last page: no cursor to an empty page.
    expect((await list.execute({ videoId, limit: 5 })).nextCursor).toBeNull();
    expect(c.parentId).toBeNull();
  });

  it('keeps a cursor stable when comments arrive meanwhile', async () => {
    await say('1');
    await say('2');
    const first = await list.execute({ videoId, limit: 2 });
    expect(first.nextCursor).toBeNull();
    const late = await say('3');
    expect(
      await list.execute({ videoId, limit: 2, cursor: encodeCommentCursor(first.items[1].id) }),
    ).toEqual({
      items: [late],
      nextCursor: null,
    });
  });

  it('defaults to 20 and serves at most 50 per page', async () => {
    for (let i = 0; i < 55; i++) await say(`n${i}`);
    expect((await list.execute({ videoId })).items).toHaveLength(20);
    const big = await list.execute({ videoId, limit: 500 });
    expect(big.items).toHaveLength(50);
    expect(big.nextCursor).not.toBeNull();
  });

  it('answers an empty page for a video without comments', async () => {
    expect(await list.execute({ videoId: v7(), limit: 10 })).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses a cursor it did not issue', async () => {
    for (const cursor of ['made-up', Buffer.from(`v1:${v7()}`).toString('base64url')]) {
      const error = await list.execute({ videoId, limit: 2, cursor }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({
        code: RpcStatus.INVALID_ARGUMENT,
        details: [{ path: 'cursor' }],
      });
    }
  });
});
