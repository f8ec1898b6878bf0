import type { NotificationDraft } from './notification';

// Who hears about what. Pure functions over the facts the other contexts publish (shapes are
// structural, so the domain does not depend on four contracts libs). One rule everywhere:
// nobody is notified of their own action.

/** A like on a video (`like.created`). */
export interface LikeFact {
  userId: string;
  videoId: string;
  videoAuthorId: string;
}

/** A comment or a reply (`comment.created`). */
export interface CommentFact {
  commentId: string;
  videoId: string;
  videoAuthorId: string;
  authorId: string;
  parentAuthorId: string | null;
}

/** A new follow edge (`account.followed`). */
export interface FollowFact {
  followerId: string;
  followeeId: string;
}

/** A newly published video (`video.published`). */
export interface VideoFact {
  videoId: string;
  authorId: string;
}

/** The video's author hears of a like (`like`), unless they liked their own video. */
export function whoToNotifyOfLike(fact: LikeFact): NotificationDraft[] {
  return notSelf(fact.userId, [
    {
      userId: fact.videoAuthorId,
      type: 'like',
      actorId: fact.userId,
      videoId: fact.videoId,
      commentId: null,
    },
  ]);
}

/**
 * A reply notifies the parent comment's author (`reply`); any comment notifies the video's
 * author (`comment`). One person gets one notification per comment: when the video's author
 * also wrote the parent, the more specific `reply` wins.
 */
export function whoToNotifyOfComment(fact: CommentFact): NotificationDraft[] {
  const about = { actorId: fact.authorId, videoId: fact.videoId, commentId: fact.commentId };
  const drafts: NotificationDraft[] = [];
  if (fact.parentAuthorId !== null)
    drafts.push({ userId: fact.parentAuthorId, type: 'reply', ...about });
  if (fact.videoAuthorId !== fact.parentAuthorId)
    drafts.push({ userId: fact.videoAuthorId, type: 'comment', ...about });
  return notSelf(fact.authorId, drafts);
}

/** The followee hears of a new follower (`follow`). */
export function whoToNotifyOfFollow(fact: FollowFact): NotificationDraft[] {
  return notSelf(fact.followerId, [
    {
      userId: fact.followeeId,
      type: 'follow',
      actorId: fact.followerId,
      videoId: null,
      commentId: null,
    },
  ]);
}

/** Every follower hears of a new video (`video`), each once, the author never. */
export function whoToNotifyOfVideo(
  fact: VideoFact,
  followerIds: readonly string[],
): NotificationDraft[] {
  return notSelf(
    fact.authorId,
    [...new Set(followerIds)].map((userId) => ({
      userId,
      type: 'video' as const,
      actorId: fact.authorId,
      videoId: fact.videoId,
      commentId: null,
    })),
  );
}

function notSelf(actorId: string, drafts: NotificationDraft[]): NotificationDraft[] {
  return drafts.filter((draft) => draft.userId !== actorId);
}
