import { CentreValidationError } from './centre-validation';
import { describeCentreScope, planCentreUpdate, updateCentreScope } from './config-centre-admin';
import { InMemoryConfigCentre } from './testing/in-memory.config-centre';

const empty = { version: 0, values: {} };
const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CentreValidationError);
    return (error as CentreValidationError).problems;
  }
  throw new Error('expected a CentreValidationError');
};

describe('planCentreUpdate', () => {
  it('returns values as the schema outputs them', () => {
    expect(
      planCentreUpdate('comment', empty, {
        'feed.defaultPageSize': '10',
        'comment.sensitiveWords': [' foo ', 'bar'],
        'cache.videoTtlMs': null,
      }),
    ).toEqual({
      'feed.defaultPageSize': 10,
      'comment.sensitiveWords': ['foo', 'bar'],
      'cache.videoTtlMs': null,
    });
  });

  it('names unknown keys, keys the centre may not hold, and invalid values', () => {
    expect(
      problemsOf(() => planCentreUpdate('shared', empty, { 'comment.words': ['x'], comment: {} })),
    ).toEqual([
      { key: 'comment.words', message: 'unknown key' },
      { key: 'comment', message: 'unknown key' },
    ]);
    expect(
      problemsOf(() => planCentreUpdate('shared', empty, { 'redis.url': 'redis://x:1' }))[0],
    ).toMatchObject({
      key: 'redis.url',
      message: expect.stringMatching(/cannot be set in the config centre/),
    });
    expect(
      problemsOf(() => planCentreUpdate('video', empty, { 'comment.sensitiveWords': ['ok', ''] })),
    ).toEqual([
      {
        key: 'comment.sensitiveWords.1',
        message: 'Too small: expected string to have >=1 characters',
      },
    ]);
    expect(
      problemsOf(() => planCentreUpdate('video', empty, { 'feed.defaultPageSize': 51 })),
    ).toEqual([{ key: 'feed.defaultPageSize', message: 'Too big: expected number to be <=50' }]);
  });

  it('refuses a body that is not a change', () => {
    expect(problemsOf(() => planCentreUpdate('shared', empty, ['x']))[0].message).toMatch(
      /expected an object/,
    );
    expect(problemsOf(() => planCentreUpdate('shared', empty, {}))[0].message).toBe(
      'no changes given',
    );
  });

  it('validates the scope as it will be after the change, so a bad stored value must be fixed too', () => {
    const current = { version: 4, values: { 'feed.defaultPageSize': 999 } };
    expect(
      problemsOf(() => planCentreUpdate('gateway', current, { 'cache.feedTtlMs': 5 }))[0].key,
    ).toBe('feed.defaultPageSize');
    expect(planCentreUpdate('gateway', current, { 'feed.defaultPageSize': null })).toEqual({
      'feed.defaultPageSize': null,
    });
  });
});

describe('updateCentreScope / describeCentreScope', () => {
  it('writes a valid change, bumps the version and says which keys are hot or pending restart', async () => {
    const centre = new InMemoryConfigCentre();
    const result = await updateCentreScope(centre, 'comment', {
      'comment.sensitiveWords': ['foo'],
      'rpc.timeoutMs': 900,
    });
    expect(result).toEqual({
      service: 'comment',
      version: 1,
      values: { 'comment.sensitiveWords': ['foo'], 'rpc.timeoutMs': 900 },
      hot: ['comment.sensitiveWords'],
      pendingRestart: ['rpc.timeoutMs'],
    });
    const view = await describeCentreScope(centre, 'comment');
    expect(view).toMatchObject({
      service: 'comment',
      version: 1,
      values: result.values,
      shared: { version: 0, values: {} },
    });
    expect(view.keys).toContainEqual({ key: 'comment.sensitiveWords', reload: 'hot', list: true });
  });

  it('writes nothing when the change is invalid', async () => {
    const centre = new InMemoryConfigCentre();
    await expect(
      updateCentreScope(centre, 'shared', { 'feed.defaultPageSize': 0 }),
    ).rejects.toThrow(
      'Invalid configuration: feed.defaultPageSize: Too small: expected number to be >=1',
    );
    expect(centre.layers.size).toBe(0);
  });
});
