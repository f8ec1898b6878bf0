import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateCentreScope } from './config-centre-admin';
import { FileConfigCentre } from './file.config-centre';
import { type LiveConfig, startLiveConfig } from './live-config';

// The embedded config centre against the real file system: the files two processes share, the
// version counter, hand edits, and a running LiveConfig picking changes up by polling.
// (`vi.waitFor`, not shared-testing's waitFor: shared-testing depends on this lib.)
const SOON = { timeout: 2000, interval: 50 };

describe('FileConfigCentre', () => {
  let dataDir: string;
  let centre: FileConfigCentre;
  const lives: LiveConfig[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'newsreel-centre-'));
    centre = new FileConfigCentre(join(dataDir, 'config-centre'), { pollMs: 100 });
  });
  afterEach(async () => {
    await Promise.all(lives.splice(0).map((live) => live.close()));
    await centre.close();
  });

  const start = async () => {
    const live = await startLiveConfig({
      service: 'comment',
      env: { NEWSREEL_DATA_DIR: dataDir, NEWSREEL_INSTANCE_ID: 'comment-1' },
      configDir: mkdtempSync(join(tmpdir(), 'newsreel-config-')),
    });
    lives.push(live);
    return live;
  };

  it('reads an absent scope as empty, writes with a version counter, removes with null', async () => {
    expect(await centre.read(['shared', 'video'])).toEqual({
      shared: { version: 0, values: {} },
      video: { version: 0, values: {} },
    });
    await centre.write('video', { 'cache.videoTtlMs': 5, 'feed.defaultPageSize': 9 });
    const second = await centre.write('video', { 'cache.videoTtlMs': null });
    expect(second).toEqual({ version: 2, values: { 'feed.defaultPageSize': 9 } });
    expect(await centre.read(['video'])).toEqual({ video: second });
    expect(readFileSync(centre.file('video'), 'utf8')).toContain('version: 2');
  });

  it('does not lose a change when two writers race', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        new FileConfigCentre(centre.dir).write('shared', { [`services.video.rpcPort`]: 5000 + i }),
      ),
    );
    expect((await centre.read(['shared'])).shared.version).toBe(8);
  });

  it('names the file of a hand edit that is not valid', async () => {
    await centre.connect();
    writeFileSync(centre.file('shared'), 'values: [unclosed');
    await expect(centre.read(['shared'])).rejects.toThrow(/shared\.yaml is not valid YAML/);
  });

  it('is the default centre: a running service applies a change within 2 s, no restart', async () => {
    const live = await start();
    expect(live.centre?.kind).toBe('file');
    expect(live.config.comment.sensitiveWords).toEqual(['damn', 'idiot', 'stupid']);
    const changes: unknown[] = [];
    live.onChange('comment.sensitiveWords', (next) => changes.push(next));

    const result = await updateCentreScope(centre, 'comment', {
      'comment.sensitiveWords': ['foo'],
    });
    expect(result.version).toBe(1);
    // The deadline: a change is live within 2 s.
    await vi.waitFor(() => expect(live.config.comment.sensitiveWords).toEqual(['foo']), {
      timeout: 2000,
      interval: 50,
    });
    expect(changes).toEqual([['foo']]);

    // A hand edit in nested form is picked up too; an invalid one is rejected and named.
    writeFileSync(centre.file('shared'), 'values:\n  feed:\n    defaultPageSize: 7\n');
    await vi.waitFor(() => expect(live.config.feed.defaultPageSize).toBe(7), SOON);
    writeFileSync(centre.file('shared'), 'values:\n  feed:\n    defaultPageSize: 700\n');
    await vi.waitFor(
      () =>
        expect(live.lastError).toMatch(
          /feed\.defaultPageSize \(from config centre shared v0\): Too big/,
        ),
      SOON,
    );
    expect(live.config.feed.defaultPageSize).toBe(7);

    // The instance reports what it applied, for the admin API.
    await vi.waitFor(
      async () =>
        expect((await centre.readStatus('comment'))[0]).toMatchObject({
          instanceId: 'comment-1',
          versions: { shared: 0, service: 1 },
          origin: 'centre',
          lastError: expect.stringMatching(/feed\.defaultPageSize/),
        }),
      SOON,
    );
  });

  it('keeps a snapshot of the last applied layers next to the data', async () => {
    await centre.write('comment', { 'comment.sensitiveWords': ['snap'] });
    await start();
    const file = join(dataDir, 'config-centre-snapshots', 'comment.json');
    await vi.waitFor(
      () =>
        expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
          where: `files under ${centre.dir}`,
          service: { version: 1, values: { 'comment.sensitiveWords': ['snap'] } },
        }),
      SOON,
    );
  });
});
