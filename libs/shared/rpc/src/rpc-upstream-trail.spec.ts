import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  UPSTREAM_HEADER,
  installServedByHeader,
  recordUpstream,
  upstreamHeaderValue,
  withUpstreamTrail,
} from './rpc-upstream-trail';

/** Stands in for RPC calls: records the instance after real asynchronous hops. */
async function callUpstream(instanceId: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  await Promise.resolve();
  recordUpstream(instanceId);
}

@Controller()
class TrailHttpController {
  @Get('read')
  async read() {
    await callUpstream('video-2');
    await Promise.all([callUpstream('account-1'), callUpstream('video-2')]);
    return { ok: true };
  }

  @Post('write')
  async write(@Body() body: { id: string }) {
    await callUpstream(`comment-${body.id}`);
    return { ok: true };
  }

  @Get('local')
  local() {
    return { ok: true };
  }
}

@Module({ controllers: [TrailHttpController] })
class TrailModule {}

describe('upstream trail', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TrailModule, new FastifyAdapter(), {
      logger: false,
    });
    installServedByHeader(app.getHttpAdapter().getInstance());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  const inject = (options: {
    method: 'GET' | 'POST';
    url: string;
    payload?: Record<string, string>;
  }) => app.getHttpAdapter().getInstance().inject(options);

  it('names the instances that served a request, each once, in first-use order', async () => {
    const res = await inject({ method: 'GET', url: '/read' });
    expect(res.statusCode).toBe(200);
    expect(res.headers[UPSTREAM_HEADER]).toBe('video-2,account-1');
  });

  it('keeps the trail through body parsing (a POST over a real socket)', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.getHttpServer().address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: '7', padding: 'x'.repeat(200_000) }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get(UPSTREAM_HEADER)).toBe('comment-7');
  });

  it('keeps concurrent requests apart, and adds nothing when no call was made', async () => {
    const [a, b, local] = await Promise.all([
      inject({ method: 'POST', url: '/write', payload: { id: 'a' } }),
      inject({ method: 'POST', url: '/write', payload: { id: 'b' } }),
      inject({ method: 'GET', url: '/local' }),
    ]);
    expect(a.headers[UPSTREAM_HEADER]).toBe('comment-a');
    expect(b.headers[UPSTREAM_HEADER]).toBe('comment-b');
    expect(local.headers[UPSTREAM_HEADER]).toBeUndefined();
  });

  it('collects a trail outside HTTP too, and ignores records made outside any trail', async () => {
    recordUpstream('nobody-listens');
    const { upstreams } = await withUpstreamTrail(() => callUpstream('like-3'));
    expect(upstreams).toEqual(['like-3']);
    expect(upstreamHeaderValue(['a', 'b', 'a'])).toBe('a,b');
  });
});
