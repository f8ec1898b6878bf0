import { decodeCommentCursor, encodeCommentCursor } from './comment-cursor';

describe('comment cursor', () => {
  const id = '01935f2e-8a4b-7c3d-9e2f-0123456789ab';

  it('round-trips an id and hides it', () => {
    const cursor = encodeCommentCursor(id);
    expect(cursor).not.toContain(id);
    expect(decodeCommentCursor(cursor)).toBe(id);
  });

  it('refuses anything it did not make, video feed cursors included', () => {
    expect(decodeCommentCursor('garbage')).toBeUndefined();
    expect(
      decodeCommentCursor(Buffer.from(`c1:${id}' OR 1=1`).toString('base64url')),
    ).toBeUndefined();
    expect(decodeCommentCursor(Buffer.from(`v1:${id}`).toString('base64url'))).toBeUndefined();
  });
});
