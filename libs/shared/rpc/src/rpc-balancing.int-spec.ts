import { mkdtempSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { RpcError, RpcStatus, defineContract, method } from '@newsreel/shared-contracts';
import {
  FileRegistry,
  type InstanceRegistration,
  ServiceDirectory,
  ServiceRegistrar,
  type ServiceRegistry,
} from '@newsreel/shared-discovery';
import { freePort, waitFor } from '@newsreel/shared-testing';
import { z } from 'zod';
import { RoundRobinBalancer } from './rpc-balancer';
import { RpcClient } from './rpc-client';
import { RpcInstancePool } from './rpc-endpoints';
import { RpcMethod } from './rpc-method.decorator';
import { type RpcClientCallObservation, setRpcClientObserver } from './rpc-observer';
import { withUpstreamTrail } from './rpc-upstream-trail';

// Two real NestJS TCP servers registered in a real (file) registry, called through the
// directory + balancer + retry path the gateway uses. A "crash" closes the server's front door
// and cuts its connections, as a kill -9 does, without deregistering.
const WhoContract = defineContract('who', 'v1', {
  whoami: method({
    request: z.strictObject({ ms: z.number().int().min(0).default(0) }),
    response: z.object({ instanceId: z.string() }),
    idempotent: true,
  }),
  /** Not idempotent: retried only when it certainly was not sent. */
  append: method({
    request: z.strictObject({ ms: z.number().int().min(0).default(0) }),
    response: z.object({ instanceId: z.string() }),
  }),
  missing: method({ request: z.strictObject({}), response: z.object({}), idempotent: true }),
});

function serverModule(instanceId: string) {
  @Controller()
  class WhoRpcController {
    @RpcMethod(WhoContract, 'whoami')
    async whoami(request: { ms: number }) {
      await new Promise((resolve) => setTimeout(resolve, request.ms));
      return { instanceId };
    }

    @RpcMethod(WhoContract, 'append')
    async append(request: { ms: number }) {
      await new Promise((resolve) => setTimeout(resolve, request.ms));
      return { instanceId };
    }

    @RpcMethod(WhoContract, 'missing')
    missing(): Record<string, never> {
      throw new RpcError(RpcStatus.NOT_FOUND, `nothing on ${instanceId}`);
    }
  }
  @Module({ controllers: [WhoRpcController] })
  class WhoModule {}
  return WhoModule;
}

/** A TCP front for a server: `crash()` refuses new connections and cuts the open ones. */
async function crashableFront(targetPort: number): Promise<{ port: number; crash(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    crash: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

/** Wraps a registry so one instance's heartbeats can stop, as when its process is killed. */
function killable(registry: ServiceRegistry) {
  let dead = false;
  const wrapped: ServiceRegistry = Object.assign(Object.create(registry) as ServiceRegistry, {
    heartbeat: (instance: InstanceRegistration) =>
      dead ? Promise.reject(new Error('process is dead')) : registry.heartbeat(instance),
  });
  return { registry: wrapped, kill: () => (dead = true) };
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('RPC client over discovered instances', () => {
  const ttlMs = 1000;
  let registry: FileRegistry;
  let directory: ServiceDirectory;
  let client: RpcClient<typeof WhoContract>;
  const servers: INestMicroservice[] = [];
  const registrars: ServiceRegistrar[] = [];
  const fronts: Array<{ port: number; crash(): void }> = [];
  const killers: Array<() => void> = [];
  const observed: RpcClientCallObservation[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsreel-rpc-lb-'));
    registry = new FileRegistry({ directory: join(dataDir, 'registry'), ttlMs, pollMs: 100 });
    for (const instanceId of ['who-1', 'who-2']) {
      const port = await freePort();
      const server = await NestFactory.createMicroservice(serverModule(instanceId), {
        transport: Transport.TCP,
        options: { host: '127.0.0.1', port },
        logger: false,
      });
      await server.listen();
      servers.push(server);
      const front = await crashableFront(port);
      fronts.push(front);
      const handle = killable(registry);
      killers.push(handle.kill);
      const registrar = new ServiceRegistrar({
        registry: handle.registry,
        logger: silent,
        heartbeatMs: 200,
        ttlMs,
        identity: { service: 'who', instanceId, version: '0.1.0', colour: 'blue', weight: 100 },
      });
      await registrar.start({ host: '127.0.0.1', port: front.port, protocol: 'newsreel-tcp' });
      registrars.push(registrar);
    }
    directory = new ServiceDirectory({
      registry,
      logger: silent,
      snapshotFile: join(dataDir, 'discovery', 'caller.snapshot.json'),
    });
    directory.track('who');
    await directory.start();
    client = new RpcClient(
      WhoContract,
      new RpcInstancePool({
        service: 'who',
        source: directory,
        balancer: new RoundRobinBalancer(),
      }),
      { timeoutMs: 3000, caller: 'test' },
    );
    setRpcClientObserver((call) => observed.push(call));
  });

  afterAll(async () => {
    setRpcClientObserver(undefined);
    await client.close();
    await Promise.all(registrars.map((r) => r.stop()));
    await directory.close();
    await registry.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('spreads calls over both instances, and records which one served', async () => {
    observed.length = 0;
    const { result, upstreams } = await withUpstreamTrail(async () => {
      const answers: string[] = [];
      for (let i = 0; i < 6; i += 1) answers.push((await client.call('whoami', {})).instanceId);
      return answers;
    });
    expect(result.filter((id) => id === 'who-1')).toHaveLength(3);
    expect(result.filter((id) => id === 'who-2')).toHaveLength(3);
    expect(upstreams).toEqual(result); // the trail names the instance that answered each call
    expect(
      new Set(observed.map((o) => `${o.service}/${o.instance}/${o.method}/${o.code}`)),
    ).toEqual(
      new Set(['who/who-1/newsreel.who.v1.whoami/OK', 'who/who-2/newsreel.who.v1.whoami/OK']),
    );
  });

  it('passes a server error straight back, without a retry', async () => {
    observed.length = 0;
    await expect(client.call('missing', {})).rejects.toMatchObject({ code: RpcStatus.NOT_FOUND });
    expect(observed).toHaveLength(1);
    expect(observed[0].code).toBe('NOT_FOUND');
  });

  it('refuses a route no instance matches with UNAVAILABLE naming the service', async () => {
    await expect(client.call('whoami', {}, { route: { colour: 'green' } })).rejects.toMatchObject({
      code: RpcStatus.UNAVAILABLE,
      message: 'No instance of who matches colour=green (2 registered)',
    });
  });

  it('keeps every call succeeding when an instance crashes, and drops it when its TTL runs out', async () => {
    // Calls in flight on who-2 when it dies: the idempotent one is retried on who-1; the other
    // may have been acted on, so it fails with UNAVAILABLE instead of running twice.
    // Round robin sends one of each pair to each instance.
    const whoami = [0, 1].map(() => client.call('whoami', { ms: 300 }).then((r) => r.instanceId));
    const append = [0, 1].map(() =>
      client.call('append', { ms: 300 }).then(
        (r) => r.instanceId,
        (e: RpcError) => e.code,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    killers[1]();
    fronts[1].crash();
    // Both reads end on who-1 (one of them retried there); of the writes, the one on who-2 fails.
    expect(await Promise.all(whoami)).toEqual(['who-1', 'who-1']);
    expect(new Set(await Promise.all(append))).toEqual(new Set(['who-1', RpcStatus.UNAVAILABLE]));

    // New calls, idempotent or not: a refused connection sent nothing, so they go to who-1.
    observed.length = 0;
    for (let i = 0; i < 10; i += 1) {
      expect((await client.call('whoami', {})).instanceId).toBe('who-1');
      expect((await client.call('append', {})).instanceId).toBe('who-1');
    }
    const failures = observed.filter((o) => o.code !== 'OK');
    expect(failures.every((o) => o.instance === 'who-2' && o.code === 'UNAVAILABLE')).toBe(true);
    // The cool-down keeps most calls away from who-2 until the registry drops it.
    expect(failures.length).toBeLessThan(5);

    await waitFor(() => directory.instances('who').length === 1, {
      timeoutMs: ttlMs + 2000,
      what: 'who-2 to leave the registry',
    });
    expect(directory.instances('who')[0].instanceId).toBe('who-1');
  });

  it('answers UNAVAILABLE, naming the service, when no instance is left', async () => {
    killers[0]();
    fronts[0].crash();
    await expect(client.call('whoami', {})).rejects.toMatchObject({ code: RpcStatus.UNAVAILABLE });
    await waitFor(() => directory.instances('who').length === 0, {
      timeoutMs: ttlMs + 2000,
      what: 'who-1 to leave the registry',
    });
    await expect(client.call('whoami', {})).rejects.toMatchObject({
      code: RpcStatus.UNAVAILABLE,
      message: 'No instance of who is registered',
    });
  });
});
