import {
  whoToNotifyOfComment,
  whoToNotifyOfFollow,
  whoToNotifyOfLike,
  whoToNotifyOfVideo,
} from './who-is-notified.policy';

describe('who is notified', () => {
  const author = 'a0000000-0000-7000-8000-000000000001';
  const fan = 'b0000000-0000-7000-8000-000000000002';
  const other = 'c0000000-0000-7000-8000-000000000003';
  const videoId = 'd0000000-0000-7000-8000-000000000004';
  const commentId = 'e0000000-0000-7000-8000-000000000005';

  describe('a like', () => {
    it("notifies the video's author, naming the liker and the video", () => {
      expect(whoToNotifyOfLike({ userId: fan, videoId, videoAuthorId: author })).toEqual([
        { userId: author, type: 'like', actorId: fan, videoId, commentId: null },
      ]);
    });

    it('notifies nobody when authors like their own video', () => {
      expect(whoToNotifyOfLike({ userId: author, videoId, videoAuthorId: author })).toEqual([]);
    });
  });

  describe('a comment', () => {
    const comment = {
      commentId,
      videoId,
      videoAuthorId: author,
      authorId: fan,
      parentAuthorId: null,
    };
    const about = { actorId: fan, videoId, commentId };

    it("notifies the video's author of a top-level comment", () => {
      expect(whoToNotifyOfComment(comment)).toEqual([
        { userId: author, type: 'comment', ...about },
      ]);
    });

    it("notifies the parent's author of a reply, and the video's author of the comment", () => {
      expect(whoToNotifyOfComment({ ...comment, parentAuthorId: other })).toEqual([
        { userId: other, type: 'reply', ...about },
        { userId: author, type: 'comment', ...about },
      ]);
    });

    it("sends one `reply` when the video's author wrote the parent", () => {
      expect(whoToNotifyOfComment({ ...comment, parentAuthorId: author })).toEqual([
        { userId: author, type: 'reply', ...about },
      ]);
    });

    it('never notifies the commenter: own video, reply to oneself', () => {
      expect(whoToNotifyOfComment({ ...comment, authorId: author })).toEqual([]);
      // Replying to yourself on someone else's video: only the video's author hears of it.
      expect(whoToNotifyOfComment({ ...comment, parentAuthorId: fan })).toEqual([
        { userId: author, type: 'comment', ...about },
      ]);
      // Author replying to a fan on the author's own video: only the fan.
      expect(whoToNotifyOfComment({ ...comment, authorId: author, parentAuthorId: fan })).toEqual([
        { userId: fan, type: 'reply', actorId: author, videoId, commentId },
      ]);
    });
  });

  describe('a follow', () => {
    it('notifies the followee', () => {
      expect(whoToNotifyOfFollow({ followerId: fan, followeeId: author })).toEqual([
        { userId: author, type: 'follow', actorId: fan, videoId: null, commentId: null },
      ]);
    });

    it('notifies nobody of a self-follow (should one ever be published)', () => {
      expect(whoToNotifyOfFollow({ followerId: fan, followeeId: fan })).toEqual([]);
    });
  });

  describe('a new video', () => {
    it('notifies each follower once, never the author', () => {
      const drafts = whoToNotifyOfVideo({ videoId, authorId: author }, [fan, author, other, fan]);
      expect(drafts).toEqual([
        { userId: fan, type: 'video', actorId: author, videoId, commentId: null },
        { userId: other, type: 'video', actorId: author, videoId, commentId: null },
      ]);
    });

    it('notifies nobody when the author has no followers', () => {
      expect(whoToNotifyOfVideo({ videoId, authorId: author }, [])).toEqual([]);
    });
  });
});
