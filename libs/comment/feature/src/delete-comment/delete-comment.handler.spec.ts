import { CommentDeleted } from '@newsreel/comment-contracts';
import { fixedSensitiveWords } from '@newsreel/comment-domain';
import { RpcStatus } from '@newsreel/shared-contracts';
import { v7 } from 'uuid';
import { ListCommentsHandler } from '../list-comments/list-comments.handler';
import { PostCommentHandler } from '../post-comment/post-comment.handler';
import { InMemoryCommentRepository } from '@newsreel/comment-domain/testing';
import { FakeClock } from '@newsreel/shared-clock/testing';
import { DeleteCommentHandler } from './delete-comment.handler';

describe('DeleteCommentHandler', () => {
  const videoId = v7();
  const videoAuthor = v7();
  const alice = v7();
  const mallory = v7();
  let repo: InMemoryCommentRepository;
  let clock: FakeClock;
  let post: PostCommentHandler;
  let remove: DeleteCommentHandler;

  beforeEach(() => {
    repo = new InMemoryCommentRepository();
    clock = new FakeClock(new Date('2026-11-21T10:00:00.000Z'));
    post = new PostCommentHandler(repo, fixedSensitiveWords([]), clock);
    remove = new DeleteCommentHandler(repo, clock);
  });

  const say = (authorId: string, parentId?: string) =>
    post.execute({ videoId, videoAuthorId: videoAuthor, authorId, text: 'hi', parentId });

  it("lets the comment's author delete it and records comment.deleted.v1", async () => {
    const comment = await say(alice);
    clock.advance(60_000);
    await remove.execute({ commentId: comment.id, requesterId: alice });

    expect(repo.rows.has(comment.id)).toBe(false);
    expect(repo.events.at(-1)).toEqual({
      topic: CommentDeleted.topic,
      key: videoId,
      payload: {
        commentId: comment.id,
        videoId,
        authorId: alice,
        occurredAt: '2026-11-21T10:01:00.000Z',
      },
    });
  });

  it("lets the video's author delete anyone's comment on it; the event names the comment's author", async () => {
    const comment = await say(alice);
    await remove.execute({ commentId: comment.id, requesterId: videoAuthor });
    expect(repo.rows.has(comment.id)).toBe(false);
    expect(repo.events.at(-1)?.payload).toMatchObject({ commentId: comment.id, authorId: alice });
  });

  it('refuses anybody else, changing nothing', async () => {
    const comment = await say(alice);
    const events = repo.events.length;
    await expect(
      remove.execute({ commentId: comment.id, requesterId: mallory }),
    ).rejects.toMatchObject({
      code: RpcStatus.PERMISSION_DENIED,
      message: 'Only the comment author or the video author can delete this comment',
    });
    expect(repo.rows.has(comment.id)).toBe(true);
    expect(repo.events).toHaveLength(events);
  });

  it('answers NOT_FOUND for an unknown or already deleted comment', async () => {
    const comment = await say(alice);
    await remove.execute({ commentId: comment.id, requesterId: alice });
    for (const commentId of [comment.id, v7()]) {
      await expect(remove.execute({ commentId, requesterId: alice })).rejects.toMatchObject({
        code: RpcStatus.NOT_FOUND,
        message: 'Comment not found',
      });
    }
    expect(repo.events.filter((e) => e.topic === CommentDeleted.topic)).toHaveLength(1);
  });

  it('keeps the replies of a deleted comment', async () => {
    const root = await say(alice);
    const reply = await say(mallory, root.id);
    await remove.execute({ commentId: root.id, requesterId: alice });
    const page = await new ListCommentsHandler(repo).execute({ videoId, limit: 10 });
    expect(page.items).toEqual([reply]);
    expect(page.items[0].parentId).toBe(root.id);
  });

  it('does not publish a second event when a concurrent delete won the race', async () => {
    const comment = await say(alice);
    // The row disappears between the permission check and the delete.
    const findById = repo.findById.bind(repo);
    repo.findById = async (id) => {
      const found = await findById(id);
      repo.rows.delete(id);
      return found;
    };
    await expect(
      remove.execute({ commentId: comment.id, requesterId: alice }),
    ).rejects.toMatchObject({
      code: RpcStatus.NOT_FOUND,
    });
    expect(repo.events.filter((e) => e.topic === CommentDeleted.topic)).toEqual([]);
  });
});
