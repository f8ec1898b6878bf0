import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { CATEGORIES } from '@newsreel/video-contracts';
import { z } from 'zod';
import { ApiError } from './api-error';

/** `:id` path segments are UUIDs; anything else cannot name an existing resource. */
export function idParam(value: string, what: string): string {
  if (!z.uuid().safeParse(value).success) throw new ApiError(404, `${what} not found`);
  return value;
}

// The page size of a request without `limit`: `feed.defaultPageSize`, a hot key, so it is read
// per request (zod calls a function default on every parse) rather than fixed in the schema.
// Until the gateway's module binds it ({@link LiveFeedDefaults}), the schema default applies.
let defaultPageSize: () => number = () => 20;

/**
 * Binds the default `limit` of {@link PageQuery} to the gateway's live `feed.defaultPageSize`,
 * so a change in the config centre applies to the next request without a restart.
 */
@Injectable()
export class LiveFeedDefaults {
  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    defaultPageSize = () => config.feed.defaultPageSize;
  }
}

/** `?cursor=&limit=` of every list endpoint; `limit` defaults to `feed.defaultPageSize`. */
export const PageQuery = z.strictObject({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .default(() => defaultPageSize()),
});

/** `GET /feed` adds the category filter. */
export const FeedQuery = PageQuery.extend({ category: z.enum(CATEGORIES).optional() });
