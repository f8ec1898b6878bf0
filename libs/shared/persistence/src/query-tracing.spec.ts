import { sanitizeSql, summarizeSql } from './query-tracing';

describe('summarizeSql', () => {
  it.each([
    ['SELECT "l"."id" AS "l_id" FROM "likes" "l" WHERE "l"."video_id" = ?', 'SELECT', 'likes'],
    ['INSERT INTO `like_counter`(`video_id`, `count`) VALUES (?, ?)', 'INSERT', 'like_counter'],
    ['UPDATE "video"."videos" SET "title" = $1 WHERE "id" = $2', 'UPDATE', 'video.videos'],
    ['DELETE FROM [outbox] WHERE sent_at < ?', 'DELETE', 'outbox'],
    ['  select count(*) from comments', 'SELECT', 'comments'],
    ['BEGIN TRANSACTION', 'BEGIN', undefined],
    ['COMMIT', 'COMMIT', undefined],
    ['SELECT 1', 'SELECT', undefined],
    ['', 'QUERY', undefined],
  ])('%s -> %s %s', (sql, operation, collection) => {
    expect(summarizeSql(sql)).toEqual(collection ? { operation, collection } : { operation });
  });
});

describe('sanitizeSql', () => {
  it('keeps placeholders and identifiers, replaces every literal', () => {
    expect(
      sanitizeSql(`SELECT * FROM "t1" WHERE "name" = 'O''Brien' AND score > 42 AND x = -3.5 AND id = $1 AND y = ?`),
    ).toBe('SELECT * FROM "t1" WHERE "name" = ? AND score > ? AND x = ? AND id = $1 AND y = ?');
  });

  it('folds whitespace and cuts very long statements', () => {
    expect(sanitizeSql('SELECT\n  a\n\tFROM b')).toBe('SELECT a FROM b');
    const long = sanitizeSql(`INSERT INTO t VALUES ${'(?),'.repeat(2000)}(?)`);
    expect(long.length).toBe(2048 + 3);
    expect(long.endsWith('...')).toBe(true);
  });
});
