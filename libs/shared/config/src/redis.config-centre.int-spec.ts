import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { Redis } from 'ioredis';
import { updateCentreScope } from './config-centre-admin';
import type { ConfigLogger } from './config-logger';
import { startLiveConfig } from './live-config';
import { RedisConfigCentre } from './redis.config-centre';

// The config centre on real Redis: the Redis at 127.0.0.1:6379 (database 9, a key prefix per
// test). The outage is a TCP gate in front of it that refuses connections until opened: the
// throwaway redis-server of shared-testing cannot be used here, as shared-testing depends on
// this lib (a cycle the boundary rule refuses); so is its waitFor, hence vi.waitFor.
const URL = 'redis://127.0.0.1:6379/9';
const SOON = { timeout: 2000, interval: 50 };

/** A port that refuses connections until `open()`, then forwards them to the real Redis. */
async function redisGate() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    url: `redis://127.0.0.1:${port}/9`,
    port,
    open: () =>
      new Promise<void>((resolve) => {
        server = createServer((client) => {
          const upstream = connect(6379, '127.0.0.1');
          for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on('error', () => undefined);
            socket.on('close', () => (client.destroy(), upstream.destroy()));
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, '127.0.0.1', resolve);
      }),
    close: () => {
      server?.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

function recordingLogger() {
  const lines: string[] = [];
  const logger: ConfigLogger = {
    info: (_, message) => lines.push(`info: ${message}`),
    warn: (_, message) => lines.push(`warn: ${message}`),
    error: (_, message) => lines.push(`error: ${message}`),
  };
  return { logger, lines };
}

describe('RedisConfigCentre', () => {
  let prefix: string;
  let admin: Redis;
  const closing: Array<{ close(): Promise<void> }> = [];
  const gates: Array<{ close(): void }> = [];

  beforeAll(() => {
    admin = new Redis(URL);
  });
  beforeEach(() => {
    prefix = `test:config:${Math.random().toString(36).slice(2, 10)}`;
  });
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((c) => c.close()));
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
  });
  afterAll(() => {
    for (const gate of gates) gate.close();
    admin.disconnect();
  });

  const centreAt = (url = URL, options = {}) => {
    const centre = new RedisConfigCentre(url, { keyPrefix: prefix, ...options });
    closing.push(centre);
    return centre;
  };
  const start = async (centre: RedisConfigCentre, dataDir: string, logger?: ConfigLogger) => {
    const live = await startLiveConfig({
      service: 'comment',
      env: { NEWSREEL_DATA_DIR: dataDir, NEWSREEL_INSTANCE_ID: 'comment-1' },
      configDir: mkdtempSync(join(tmpdir(), 'newsreel-config-')),
      centre,
      logger,
      connectTimeoutMs: 500,
    });
    closing.unshift(live); // closed before its centre
    return live;
  };

  it('keeps a hash per scope, a version per scope and JSON values', async () => {
    const centre = centreAt();
    await centre.connect(2000);
    const written = await centre.write('comment', {
      'comment.sensitiveWords': ['a', 'b'],
      'feed.defaultPageSize': 5,
    });
    expect(written).toEqual({
      version: 1,
      values: { 'comment.sensitiveWords': ['a', 'b'], 'feed.defaultPageSize': 5 },
    });
    expect(await admin.hgetall(`${prefix}:comment`)).toEqual({
      'comment.sensitiveWords': '["a","b"]',
      'feed.defaultPageSize': '5',
    });
    expect(await admin.hget(`${prefix}:versions`, 'comment')).toBe('1');
    const removed = await centre.write('comment', { 'feed.defaultPageSize': null });
    expect(removed.version).toBe(2);
    expect(await centre.read(['shared', 'comment'])).toEqual({
      shared: { version: 0, values: {} },
      comment: { version: 2, values: { 'comment.sensitiveWords': ['a', 'b'] } },
    });
  });

  it('notifies a running service, which applies a change within 2 s; invalid values never get in', async () => {
    const centre = centreAt();
    const live = await start(centre, mkdtempSync(join(tmpdir(), 'newsreel-live-')));
    expect(live.origin).toBe('centre');
    // A second client of the centre (the gateway's admin API, the CLI) writes.
    const writer = centreAt();
    await writer.connect(2000);
    await updateCentreScope(writer, 'shared', { 'comment.sensitiveWords': ['fresh'] });
    await vi.waitFor(() => expect(live.config.comment.sensitiveWords).toEqual(['fresh']), SOON);
    await expect(
      updateCentreScope(writer, 'comment', { 'comment.sensitiveWords': [''] }),
    ).rejects.toThrow(/comment\.sensitiveWords\.0: Too small/);
    expect(await admin.exists(`${prefix}:comment`)).toBe(0);

    await vi.waitFor(
      async () =>
        expect((await writer.readStatus())[0]).toMatchObject({
          instanceId: 'comment-1',
          origin: 'centre',
          versions: { shared: 1, service: 0 },
        }),
      SOON,
    );
    await live.close();
    expect(await writer.readStatus('comment')).toEqual([]);
  });

  it('boots from the snapshot when the centre is unreachable at start, and catches up when it is back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsreel-live-'));
    const writer = centreAt();
    await writer.connect(2000);
    await writer.write('comment', { 'comment.sensitiveWords': ['remembered'] });
    const first = await start(centreAt(), dataDir);
    expect(first.config.comment.sensitiveWords).toEqual(['remembered']);
    const snapshot = join(dataDir, 'config-centre-snapshots', 'comment.json');
    await vi.waitFor(() => expect(readFileSync(snapshot, 'utf8')).toContain('remembered'), SOON);
    await first.close();

    const gate = redisGate();
    gates.push(await gate);
    const { logger, lines } = recordingLogger();
    const started = Date.now();
    const live = await start(centreAt((await gate).url, { resyncMs: 200 }), dataDir, logger);
    // It did not hang on a centre that is not there (connectTimeoutMs is 500 here).
    expect(Date.now() - started).toBeLessThan(2000);
    expect(live.origin).toBe('snapshot');
    expect(live.config.comment.sensitiveWords).toEqual(['remembered']);
    expect(lines[0]).toMatch(
      new RegExp(
        `^warn: config centre unreachable at start: Config centre \\(Redis at redis://127\\.0\\.0\\.1:${(await gate).port}/9\\) is unreachable`,
      ),
    );
    expect(lines[1]).toMatch(/^warn: booting from the last-known config snapshot .*comment\.json/);

    // Meanwhile the centre moved on; once it answers, the service catches up by itself.
    await writer.write('comment', { 'comment.sensitiveWords': ['after-outage'] });
    await (await gate).open();
    await vi.waitFor(() => expect(live.config.comment.sensitiveWords).toEqual(['after-outage']), {
      timeout: 5000,
      interval: 50,
    });
    expect(live.origin).toBe('centre');
  });
});
