import { idCursor } from './id-cursor';

describe('idCursor', () => {
  const id = '01935f2e-8a4b-7c3d-9e2f-0123456789ab';
  const comments = idCursor('c1');

  it('round-trips an id and hides it', () => {
    const cursor = comments.encode(id);
    expect(cursor).not.toContain(id);
    expect(comments.decode(cursor)).toBe(id);
  });

  it("refuses garbage, injected text and another list's cursors", () => {
    expect(comments.decode('garbage')).toBeUndefined();
    expect(comments.decode(Buffer.from(`c1:${id}' OR 1=1`).toString('base64url'))).toBeUndefined();
    expect(comments.decode(idCursor('v1').encode(id))).toBeUndefined();
  });
});
