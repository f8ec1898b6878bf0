import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigCentreUnavailableError } from './config-centre.port';
import type { ConfigLogger } from './config-logger';
import { saveConfigSnapshot } from './config-snapshot';
import { LiveConfig, startLiveConfig } from './live-config';
import { InMemoryConfigCentre } from './testing/in-memory.config-centre';

function recordingLogger() {
  const lines: Array<{ level: string; message: string; details: object }> = [];
  const logger: ConfigLogger = {
    info: (details, message) => lines.push({ level: 'info', message, details }),
    warn: (details, message) => lines.push({ level: 'warn', message, details }),
    error: (details, message) => lines.push({ level: 'error', message, details }),
  };
  return { logger, lines };
}

describe('LiveConfig', () => {
  let dataDir: string;
  let centre: InMemoryConfigCentre;
  const opened: LiveConfig[] = [];
  const start = async (env: Record<string, string> = {}, logger?: ConfigLogger) => {
    const live = await startLiveConfig({
      service: 'comment',
      env: { NEWSREEL_DATA_DIR: dataDir, ...env },
      configDir: mkdtempSync(join(tmpdir(), 'newsreel-config-')),
      centre,
      logger,
    });
    opened.push(live);
    return live;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'newsreel-live-'));
    centre = new InMemoryConfigCentre();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((live) => live.close()));
  });

  it('layers the centre over the environment: shared, then the service', async () => {
    centre.put('shared', { 'comment.sensitiveWords': ['shared'], 'cache.videoTtlMs': 5 });
    centre.put('comment', { 'comment.sensitiveWords': ['own'] });
    centre.put('video', { 'cache.videoTtlMs': 99 });
    const live = await start({
      NEWSREEL_COMMENT_SENSITIVE_WORDS: 'env',
      NEWSREEL_CACHE_FEED_TTL_MS: '7',
    });
    expect(live.config.comment.sensitiveWords).toEqual(['own']);
    expect(live.config.cache).toEqual({ videoTtlMs: 5, feedTtlMs: 7 });
    expect(live.origin).toBe('centre');
    expect(live.versions).toEqual({ shared: 1, service: 1 });
  });

  it('applies a hot change in place and tells subscribers the new and old value', async () => {
    const live = await start();
    const config = live.config;
    const comment = config.comment;
    const seen: unknown[] = [];
    live.onChange<string[]>('comment.sensitiveWords', (next, previous) =>
      seen.push({ next, previous }),
    );
    centre.put('comment', { 'comment.sensitiveWords': ['foo', ' bar '] });
    await live.refresh();
    expect(live.config).toBe(config);
    // Code holding `config.comment` (or reading `config.comment.sensitiveWords`) sees the change.
    expect(comment.sensitiveWords).toEqual(['foo', 'bar']);
    expect(seen).toEqual([{ next: ['foo', 'bar'], previous: ['damn', 'idiot', 'stupid'] }]);
    expect(live.versions.service).toBe(1);
    expect(live.pendingRestart).toEqual([]);
  });

  it('rejects an invalid change as a whole: old values stay, the error names the key', async () => {
    const { logger, lines } = recordingLogger();
    centre.put('comment', { 'comment.sensitiveWords': ['one'] });
    const live = await start({}, logger);
    const listener = vi.fn();
    live.onChange('comment.sensitiveWords', listener);
    centre.put('comment', { 'comment.sensitiveWords': 'not-a-list', 'feed.defaultPageSize': 10 });
    await live.refresh();
    expect(live.config.comment.sensitiveWords).toEqual(['one']);
    expect(live.config.feed.defaultPageSize).toBe(20);
    expect(listener).not.toHaveBeenCalled();
    expect(live.lastError).toMatch(
      /comment\.sensitiveWords \(from config centre comment v2\): Invalid input: expected array/,
    );
    const error = lines.find((l) => l.level === 'error');
    expect(error?.message).toMatch(
      /config change rejected, the previous values stay in force: comment\.sensitiveWords/,
    );
    expect(live.versions.service).toBe(1);
    // Reported once, not on every re-read of the same state.
    await live.refresh();
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);

    // A later valid change applies and clears the error.
    centre.put('comment', { 'comment.sensitiveWords': ['two'] });
    await live.refresh();
    expect(live.config.comment.sensitiveWords).toEqual(['two']);
    expect(live.config.feed.defaultPageSize).toBe(10);
    expect(listener).toHaveBeenCalledWith(['two'], ['one']);
    expect(live.lastError).toBeUndefined();
  });

  it('reports a restart-only change as pending and does not apply it', async () => {
    const { logger, lines } = recordingLogger();
    const live = await start({}, logger);
    centre.put('shared', { 'rpc.timeoutMs': 500, 'cache.feedTtlMs': 1 });
    await live.refresh();
    expect(live.config.rpc.timeoutMs).toBe(3000);
    expect(live.config.cache.feedTtlMs).toBe(1);
    expect(live.pendingRestart).toEqual(['rpc.timeoutMs']);
    expect(lines.at(-1)?.message).toBe(
      'config change applied: cache.feedTtlMs; restart needed for rpc.timeoutMs',
    );
    expect(live.status()).toMatchObject({
      service: 'comment',
      pendingRestart: ['rpc.timeoutMs'],
      origin: 'centre',
    });
    // Back to the value it runs with: nothing pending any more.
    centre.put('shared', { 'rpc.timeoutMs': null });
    await live.refresh();
    expect(live.pendingRestart).toEqual([]);
  });

  it('refuses keys the centre may not hold and keys that do not exist', async () => {
    const live = await start();
    centre.put('comment', { 'auth.jwtSecret': 'x'.repeat(40) });
    await live.refresh();
    expect(live.lastError).toMatch(
      /auth\.jwtSecret \(from config centre comment v1\): cannot be set in the config centre/,
    );
    centre.put('comment', { 'auth.jwtSecret': null, 'comment.sensitveWords': ['typo'] });
    await live.refresh();
    expect(live.lastError).toMatch(/comment\.sensitveWords .*unknown key/);
  });

  it('stays quiet through an outage but reports a centre that answers with something unusable', async () => {
    const { logger, lines } = recordingLogger();
    const live = await start({}, logger);
    lines.splice(0);
    centre.down = true;
    await live.refresh();
    expect(lines).toEqual([]);
    expect(live.lastError).toBeUndefined();
    centre.down = false;
    const unusable = new ConfigCentreUnavailableError(
      'Config centre file x.yaml is not valid YAML',
    );
    vi.spyOn(centre, 'read').mockRejectedValue(unusable);
    await live.refresh();
    await live.refresh();
    expect(lines.map((l) => `${l.level}: ${l.message}`)).toEqual([
      'error: config centre read failed, the previous values stay in force: Config centre file x.yaml is not valid YAML',
    ]);
    expect(live.lastError).toBe('Config centre file x.yaml is not valid YAML');
  });

  it('changes the live logger level through a listener, and replays start-up lines to a late logger', async () => {
    centre.down = true;
    const live = await start();
    const { logger, lines } = recordingLogger();
    live.useLogger(logger);
    expect(lines.map((l) => l.message)).toEqual([
      'config centre unreachable at start: Config centre (memory) is unreachable',
      expect.stringMatching(/^no usable config snapshot: booting without the config centre layer/),
    ]);
    centre.down = false;
    const levels: string[] = [];
    live.onChange<string>('log.level', (level) => levels.push(level));
    centre.put('comment', { 'log.level': 'debug' });
    await live.refresh();
    expect(levels).toEqual(['debug']);
    expect(live.origin).toBe('centre');
  });

  it('boots from the last snapshot when the centre is unreachable, then catches up', async () => {
    centre.put('comment', { 'comment.sensitiveWords': ['from-centre'] });
    const first = await start();
    await first.close();
    const snapshotFile = join(dataDir, 'config-centre-snapshots', 'comment.json');
    await vi.waitFor(() =>
      expect(JSON.parse(readFileSync(snapshotFile, 'utf8')).service.values).toEqual({
        'comment.sensitiveWords': ['from-centre'],
      }),
    );

    centre.down = true;
    const { logger, lines } = recordingLogger();
    const live = await start({}, logger);
    expect(live.origin).toBe('snapshot');
    expect(live.config.comment.sensitiveWords).toEqual(['from-centre']);
    expect(lines.map((l) => l.message)).toEqual([
      'config centre unreachable at start: Config centre (memory) is unreachable',
      expect.stringContaining(`booting from the last-known config snapshot ${snapshotFile}`),
    ]);

    centre.down = false;
    centre.put('comment', { 'comment.sensitiveWords': ['newer'] });
    await live.refresh();
    expect(live.origin).toBe('centre');
    expect(live.config.comment.sensitiveWords).toEqual(['newer']);
  });

  it('uses the snapshot when the centre holds values that are invalid at start', async () => {
    await saveConfigSnapshot(join(dataDir, 'config-centre-snapshots', 'comment.json'), {
      savedAt: new Date().toISOString(),
      where: 'memory',
      shared: { version: 1, values: {} },
      service: { version: 3, values: { 'feed.defaultPageSize': 12 } },
    });
    centre.put('comment', { 'feed.defaultPageSize': 500 });
    const live = await start();
    expect(live.origin).toBe('snapshot');
    expect(live.config.feed.defaultPageSize).toBe(12);
    expect(live.lastError).toMatch(/feed\.defaultPageSize .*Too big/);
  });

  it('fails at start on a bad static layer, as loadConfig does', async () => {
    await expect(start({ NEWSREEL_FEED_DEFAULT_PAGE_SIZE: 'many' })).rejects.toThrow(
      /feed\.defaultPageSize \(from NEWSREEL_FEED_DEFAULT_PAGE_SIZE="many"\)/,
    );
  });

  it('reports its status to the centre and removes it on close', async () => {
    const live = await start({ NEWSREEL_INSTANCE_ID: 'comment-7' });
    await vi.waitFor(() =>
      expect(centre.statuses.get('comment-7')).toMatchObject({
        service: 'comment',
        origin: 'centre',
      }),
    );
    await live.close();
    expect(centre.statuses.has('comment-7')).toBe(false);
  });

  it('only lets listeners subscribe to hot keys', async () => {
    const live = LiveConfig.fixed((await start()).config);
    expect(() => live.onChange('rpc.timeoutMs', () => undefined)).toThrow(/restart, not hot/);
    expect(() => live.onChange('nope', () => undefined)).toThrow(/not a configuration key/);
  });
});
