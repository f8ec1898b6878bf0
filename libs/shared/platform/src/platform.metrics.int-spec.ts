import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@newsreel/shared-config';
import { RpcError, RpcStatus, defineContract, pingMethod } from '@newsreel/shared-contracts';
import { MetricsRegistry, installHttpMetrics } from '@newsreel/shared-metrics';
import { RpcClient } from '@newsreel/shared-rpc';
import { freePort } from '@newsreel/shared-testing';
import { PlatformModule } from './platform.module';

// The platform wiring as bootstrap() does it (Fastify hook, hybrid HTTP + TCP RPC app), real
// requests over loopback, then a scrape of /metrics.
const TestContract = defineContract('video', 'v1', { ping: pingMethod });

@Controller('api/v1/things')
class ThingsHttpController {
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }
}

@Module({
  imports: [
    PlatformModule.forService('video', TestContract, {
      config: loadConfig({
        service: 'video',
        env: { NEWSREEL_LOG_LEVEL: 'silent', NEWSREEL_INSTANCE_ID: 'video-7' },
      }),
    }),
  ],
  controllers: [ThingsHttpController],
})
class TestAppModule {}

/** The value of the sample `name{...}` whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const pairs = Object.fromEntries(
      [...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => pairs[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('platform metrics: /metrics of a running service', () => {
  let app: NestFastifyApplication;
  let client: RpcClient<typeof TestContract>;
  let baseUrl: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TestAppModule, new FastifyAdapter(), {
      logger: false,
    });
    installHttpMetrics(app.getHttpAdapter().getInstance(), app.get(MetricsRegistry));
    const rpcPort = await freePort();
    app.connectMicroservice<MicroserviceOptions>(
      { transport: Transport.TCP, options: { host: '127.0.0.1', port: rpcPort } },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = await app.getUrl();
    client = new RpcClient(
      TestContract,
      ClientProxyFactory.create({
        transport: Transport.TCP,
        options: { host: '127.0.0.1', port: rpcPort },
      }),
      { timeoutMs: 5_000, caller: 'test' },
    );
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
  });

  it('counts HTTP requests by route pattern and status, and RPC calls by status name', async () => {
    expect((await fetch(`${baseUrl}/api/v1/things/42`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/api/v1/things/43`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/no/such/path/99`)).status).toBe(404);
    await expect(client.call('ping', {})).resolves.toMatchObject({ service: 'video' });
    const refused = await client
      .call('ping', { unexpected: true } as never)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RpcError);
    expect((refused as RpcError).code).toBe(RpcStatus.INVALID_ARGUMENT);

    const res = await fetch(`${baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();

    const labels = { service: 'video', instance: 'video-7' };
    expect(
      sample(text, 'http_server_requests_total', {
        ...labels,
        method: 'GET',
        route: '/api/v1/things/:id',
        status: '200',
      }),
    ).toBe(2);
    expect(
      sample(text, 'http_server_requests_total', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }),
    ).toBe(1);
    // No raw URL becomes a label.
    expect(text).not.toContain('/api/v1/things/42');
    expect(text).not.toContain('/no/such/path');
    expect(
      sample(text, 'http_server_request_duration_seconds_bucket', {
        route: '/api/v1/things/:id',
        status: '200',
        le: '+Inf',
      }),
    ).toBe(2);
    expect(text).toMatch(
      /^http_server_request_duration_seconds_bucket\{le="0\.005",.*route="\/api\/v1\/things\/:id"/m,
    );

    expect(
      sample(text, 'rpc_server_requests_total', {
        ...labels,
        method: 'newsreel.video.v1.ping',
        code: 'OK',
      }),
    ).toBe(1);
    expect(
      sample(text, 'rpc_server_requests_total', {
        method: 'newsreel.video.v1.ping',
        code: 'INVALID_ARGUMENT',
      }),
    ).toBe(1);
    expect(
      sample(text, 'rpc_server_request_duration_seconds_count', {
        method: 'newsreel.video.v1.ping',
      }),
    ).toBe(2);
    expect(sample(text, 'process_resident_memory_bytes', labels)).toBeGreaterThan(0);
  });
});
