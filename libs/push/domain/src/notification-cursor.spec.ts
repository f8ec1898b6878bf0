import { decodeCursor, encodeCursor } from './notification-cursor';

describe('inbox cursor', () => {
  const id = '01935f2e-8a4b-7c3d-9e2f-0123456789ab';

  it('round-trips an id and hides it', () => {
    const cursor = encodeCursor(id);
    expect(cursor).not.toContain(id);
    expect(decodeCursor(cursor)).toBe(id);
  });

  it('refuses anything it did not make', () => {
    expect(decodeCursor('garbage')).toBeUndefined();
    expect(decodeCursor(Buffer.from(`v1:${id}' OR 1=1`).toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from(`v2:${id}`).toString('base64url'))).toBeUndefined();
  });
});
