import { z } from 'zod';
import { CATEGORIES } from '@newsreel/video-contracts';
import { ApiError } from './api-error';

/** `:id` path segments are UUIDs; anything else cannot name an existing resource. */
export function idParam(value: string, what: string): string {
  if (!z.uuid().safeParse(value).success) throw new ApiError(404, `${what} not found`);
  return value;
}

/** `?cursor=&limit=` of every list endpoint. */
export const PageQuery = z.strictObject({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** `GET /feed` adds the category filter. */
export const FeedQuery = PageQuery.extend({ category: z.enum(CATEGORIES).optional() });
