import { createHash } from 'node:crypto';

/**
 * The id of the notification of `type` for `userId` caused by event `eventId`, in the UUIDv7
 * layout: the first 48 bits are `at` in epoch milliseconds, the other 74 free bits come from a
 * SHA-256 of (eventId, userId, type).
 *
 * Why not a random UUIDv7: a redelivered event must produce the same id (a second line of
 * defence after the inbox, backed by a unique index). Why not a UUIDv5 (a pure hash): inboxes
 * page by `id < cursor`, which needs ids ordered by time, as every other id in the system is.
 */
export function notificationId(eventId: string, userId: string, type: string, at: Date): string {
  const bytes = createHash('sha256')
    .update(`${eventId}\n${userId}\n${type}`)
    .digest()
    .subarray(0, 16);
  const ms = BigInt(Math.max(0, Math.min(at.getTime(), 2 ** 48 - 1)));
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (bytes[6] & 0x0f); // version 7
  bytes[8] = 0x80 | (bytes[8] & 0x3f); // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
