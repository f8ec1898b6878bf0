import { CommentCreated, CommentSchema } from '@newsreel/comment-contracts';
import { type SensitiveWords, fixedSensitiveWords } from '@newsreel/comment-domain';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { v7 } from 'uuid';
import { FakeClock } from '@newsreel/shared-clock/testing';
import { InMemoryCommentRepository } from '@newsreel/comment-domain/testing';
import { PostCommentHandler } from './post-comment.handler';

describe('PostCommentHandler', () => {
  const videoId = v7();
  const videoAuthorId = v7();
  const alice = v7();
  const bob = v7();
  let repo: InMemoryCommentRepository;
  let clock: FakeClock;
  let words: string[];
  let post: PostCommentHandler;

  beforeEach(() => {
    repo = new InMemoryCommentRepository();
    clock = new FakeClock(new Date('2026-11-21T10:00:00.000Z'));
    words = ['damn', 'idiot'];
    // Asked on every post, like a hot-reloaded source would be.
    const source: SensitiveWords = { current: () => words };
    post = new PostCommentHandler(repo, source, clock);
  });

  it('stores a masked comment with the clock time and records comment.created.v1', async () => {
    const comment = await post.execute({
      videoId,
      videoAuthorId,
      authorId: alice,
      text: 'Damn it, nice clip',
    });

    expect(CommentSchema.parse(comment)).toEqual(comment);
    expect(comment).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{14}7/),
      videoId,
      authorId: alice,
      text: '**** it, nice clip',
      parentId: null,
      createdAt: '2026-11-21T10:00:00.000Z',
    });
    expect(repo.rows.get(comment.id)).toEqual({
      id: comment.id,
      videoId,
      videoAuthorId,
      authorId: alice,
      text: '**** it, nice clip',
      parentId: null,
      createdAt: new Date('2026-11-21T10:00:00.000Z'),
    });
    expect(repo.events).toEqual([
      {
        topic: CommentCreated.topic,
        key: videoId,
        payload: {
          commentId: comment.id,
          videoId,
          videoAuthorId,
          authorId: alice,
          parentId: null,
          parentAuthorId: null,
          occurredAt: '2026-11-21T10:00:00.000Z',
        },
      },
    ]);
    expect(CommentCreated.schema.parse(repo.events[0].payload)).toEqual(repo.events[0].payload);
  });

  it('uses the sensitive-word list in force at each post', async () => {
    expect(
      (await post.execute({ videoId, videoAuthorId, authorId: alice, text: 'bad idiot' })).text,
    ).toBe('bad *****');
    words = ['bad'];
    expect(
      (await post.execute({ videoId, videoAuthorId, authorId: alice, text: 'bad idiot' })).text,
    ).toBe('*** idiot');
    post = new PostCommentHandler(repo, fixedSensitiveWords([]), clock);
    expect(
      (await post.execute({ videoId, videoAuthorId, authorId: alice, text: 'bad idiot' })).text,
    ).toBe('bad idiot');
  });

  it("accepts replies to replies and names the parent's author in the event", async () => {
    const root = await post.execute({ videoId, videoAuthorId, authorId: alice, text: 'first' });
    clock.advance(1000);
    const reply = await post.execute({
      videoId,
      videoAuthorId,
      authorId: bob,
      text: 'reply',
      parentId: root.id,
    });
    clock.advance(1000);
    const replyToReply = await post.execute({
      videoId,
      videoAuthorId,
      authorId: alice,
      text: 'and back',
      parentId: reply.id,
    });

    expect(reply.parentId).toBe(root.id);
    expect(replyToReply.parentId).toBe(reply.id);
    expect(repo.events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ commentId: root.id, parentId: null, parentAuthorId: null }),
      expect.objectContaining({
        commentId: reply.id,
        authorId: bob,
        parentId: root.id,
        parentAuthorId: alice,
      }),
      expect.objectContaining({
        commentId: replyToReply.id,
        authorId: alice,
        parentId: reply.id,
        parentAuthorId: bob,
        occurredAt: '2026-11-21T10:00:02.000Z',
      }),
    ]);
  });

  it('refuses a parent that does not exist or is on another video, storing nothing', async () => {
    const elsewhere = await post.execute({
      videoId: v7(),
      videoAuthorId,
      authorId: alice,
      text: 'other video',
    });
    const before = { rows: repo.rows.size, events: repo.events.length };

    for (const parentId of [elsewhere.id, v7()]) {
      const error = await post
        .execute({ videoId, videoAuthorId, authorId: bob, text: 'reply', parentId })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({
        code: RpcStatus.NOT_FOUND,
        message: 'Parent comment not found',
      });
    }
    expect({ rows: repo.rows.size, events: repo.events.length }).toEqual(before);
  });
});
