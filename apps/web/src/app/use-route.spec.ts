import { describe, expect, it } from 'vitest';
import { parseRoute } from './use-route';

describe('parseRoute', () => {
  it.each([
    ['', { name: 'feed' }],
    ['#/', { name: 'feed' }],
    ['#/category/sports', { name: 'feed', category: 'sports' }],
    ['#/following', { name: 'following' }],
    ['#/publish', { name: 'publish' }],
    ['#/login', { name: 'login' }],
    [
      '#/users/0190c4a2-7d1e-7000-8000-000000000001',
      { name: 'profile', userId: '0190c4a2-7d1e-7000-8000-000000000001' },
    ],
    ['#/users/', { name: 'feed' }],
    ['#/nowhere', { name: 'feed' }],
  ])('%s is %o', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });
});
