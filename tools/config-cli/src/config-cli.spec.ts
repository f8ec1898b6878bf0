import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileConfigCentre } from '@newsreel/shared-config';
import { parseCliValue, runConfigCli } from './config-cli';

describe('config CLI', () => {
  let centre: FileConfigCentre;
  let out: string[];
  let err: string[];
  const run = (...args: string[]) =>
    runConfigCli(args, centre, { out: (l) => out.push(l), err: (l) => err.push(l) });

  beforeEach(() => {
    centre = new FileConfigCentre(
      join(mkdtempSync(join(tmpdir(), 'newsreel-cli-')), 'config-centre'),
    );
    out = [];
    err = [];
  });

  it('parses values as JSON when they parse, lists from commas, text otherwise', () => {
    expect(parseCliValue('feed.defaultPageSize', '10')).toBe(10);
    expect(parseCliValue('log.level', 'debug')).toBe('debug');
    expect(parseCliValue('comment.sensitiveWords', 'foo, bar,')).toEqual(['foo', 'bar']);
    expect(parseCliValue('comment.sensitiveWords', '["a,b"]')).toEqual(['a,b']);
    // A single word of a list key is a list of one, even when it looks like JSON.
    expect(parseCliValue('comment.sensitiveWords', '42')).toEqual(['42']);
    // Quoted text is the same text: `""` is the empty list, not the word `""`.
    expect(parseCliValue('comment.sensitiveWords', '""')).toEqual([]);
    expect(parseCliValue('comment.sensitiveWords', '"foo, bar"')).toEqual(['foo', 'bar']);
    expect(parseCliValue('log.level', '"debug"')).toBe('debug');
    expect(parseCliValue('tracing.enabled', 'false')).toBe(false);
  });

  it('sets, gets and unsets overrides, with the version going up', async () => {
    expect(await run('set', 'comment', 'comment.sensitiveWords=foo,bar', 'rpc.timeoutMs=900')).toBe(
      0,
    );
    expect(JSON.parse(out.join('\n'))).toEqual({
      service: 'comment',
      version: 1,
      values: { 'comment.sensitiveWords': ['foo', 'bar'], 'rpc.timeoutMs': 900 },
      hot: ['comment.sensitiveWords'],
      pendingRestart: ['rpc.timeoutMs'],
    });
    out = [];
    expect(await run('get', 'comment', 'comment.sensitiveWords')).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({
      version: 1,
      reload: 'hot',
      set: true,
      value: ['foo', 'bar'],
    });
    out = [];
    expect(await run('unset', 'comment', 'rpc.timeoutMs')).toBe(0);
    out = [];
    expect(await run('get', 'comment')).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({
      service: 'comment',
      version: 2,
      values: { 'comment.sensitiveWords': ['foo', 'bar'] },
      shared: { version: 0, values: {} },
    });
  });

  it('refuses what the admin API refuses, and writes nothing', async () => {
    expect(
      await run(
        'set',
        'shared',
        'feed.defaultPageSize=0',
        'auth.jwtSecret=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ),
    ).toBe(1);
    expect(err).toEqual([
      'config: refused, nothing was written:',
      expect.stringMatching(/^ {2}- auth\.jwtSecret: cannot be set in the config centre/),
    ]);
    err = [];
    expect(await run('set', 'shared', 'feed.defaultPageSize=0')).toBe(1);
    expect(err[1]).toBe('  - feed.defaultPageSize: Too small: expected number to be >=1');
    expect((await centre.read(['shared'])).shared.version).toBe(0);
  });

  it('explains its usage on a wrong command, scope or argument', async () => {
    expect(await run('sett', 'comment')).toBe(2);
    expect(err[0]).toBe('config: unknown command "sett"\n');
    err = [];
    expect(await run('get', 'billing')).toBe(2);
    expect(err[0]).toBe('config: unknown scope "billing"\n');
    err = [];
    expect(await run('set', 'video', 'feed.defaultPageSize')).toBe(2);
    expect(err[0]).toBe('config: "feed.defaultPageSize" is not key=value\n');
  });
});
