import { loadConfig } from '@newsreel/shared-config';
import { FeedQuery, LiveFeedDefaults, PageQuery } from './params';

describe('PageQuery', () => {
  it('defaults limit to the live feed.defaultPageSize, read on every request', () => {
    const config = loadConfig({ env: {} });
    new LiveFeedDefaults(config);
    expect(PageQuery.parse({})).toEqual({ limit: 20 });
    // What the live configuration does when the config centre changes the hot key.
    config.feed.defaultPageSize = 7;
    expect(PageQuery.parse({})).toEqual({ limit: 7 });
    expect(FeedQuery.parse({ category: 'tech' })).toEqual({ category: 'tech', limit: 7 });
    // An explicit limit is validated as before, whatever the default.
    expect(PageQuery.parse({ limit: '3' })).toEqual({ limit: 3 });
    expect(PageQuery.safeParse({ limit: '51' }).success).toBe(false);
  });
});
