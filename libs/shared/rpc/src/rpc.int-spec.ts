import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { RpcError, RpcStatus, defineContract, method } from '@newsreel/shared-contracts';
import { freePort, waitFor } from '@newsreel/shared-testing';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { RpcClient } from './rpc-client';
import { RpcMethod } from './rpc-method.decorator';

// A real NestJS TCP server and real clients on loopback: validation, error mapping and deadlines
// are checked on the wire, not on mocks.
const EchoContract = defineContract('echo', 'v1', {
  echo: method({
    request: z.strictObject({
      text: z.string().min(1).max(10),
      times: z.number().int().min(1).default(1),
    }),
    response: z.object({ text: z.string() }),
  }),
  find: method({
    request: z.strictObject({ id: z.string() }),
    response: z.object({ id: z.string() }),
  }),
  crash: method({ request: z.strictObject({}), response: z.object({}) }),
  slow: method({
    request: z.strictObject({ ms: z.number() }),
    response: z.object({ ok: z.boolean() }),
  }),
  relay: method({
    request: z.strictObject({ ms: z.number() }),
    response: z.object({ ok: z.boolean() }),
  }),
});

let relayTarget: RpcClient<typeof EchoContract>;
/** What the relay's downstream call ended with, seen from inside the server. */
let lastRelay: { code?: number; elapsedMs: number } | undefined;

@Controller()
class EchoRpcController {
  @RpcMethod(EchoContract, 'echo')
  echo(request: { text: string; times: number }) {
    return { text: request.text.repeat(request.times) };
  }

  @RpcMethod(EchoContract, 'find')
  find(request: { id: string }): { id: string } {
    throw new RpcError(RpcStatus.NOT_FOUND, `No item ${request.id}`);
  }

  @RpcMethod(EchoContract, 'crash')
  crash(): Record<string, never> {
    throw new Error('database password is hunter2');
  }

  @RpcMethod(EchoContract, 'slow')
  async slow(request: { ms: number }) {
    await new Promise((resolve) => setTimeout(resolve, request.ms));
    return { ok: true };
  }

  /** Calls `slow` downstream: the inherited deadline must cut the inner call short. */
  @RpcMethod(EchoContract, 'relay')
  async relay(request: { ms: number }) {
    const started = Date.now();
    try {
      return await relayTarget.call('slow', { ms: request.ms }, { timeoutMs: 60_000 });
    } catch (error) {
      lastRelay = { code: (error as RpcError).code, elapsedMs: Date.now() - started };
      throw error;
    }
  }
}

@Module({ controllers: [EchoRpcController] })
class EchoModule {}

describe('RPC over the NestJS TCP transport', () => {
  let server: INestMicroservice;
  let port: number;
  let client: RpcClient<typeof EchoContract>;
  let raw: ClientProxy;

  beforeAll(async () => {
    port = await freePort();
    server = await NestFactory.createMicroservice(EchoModule, {
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
      logger: false,
    });
    await server.listen();
    raw = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
    client = new RpcClient(EchoContract, raw, { timeoutMs: 2000, caller: 'test' });
    relayTarget = client;
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('validates, applies defaults and answers', async () => {
    await expect(client.call('echo', { text: 'ab' })).resolves.toEqual({ text: 'ab' });
    await expect(client.call('echo', { text: 'ab', times: 3 })).resolves.toEqual({
      text: 'ababab',
    });
  });

  it('refuses a bad payload with INVALID_ARGUMENT and field details', async () => {
    const error = (await client
      .call('echo', { text: 'far too long here', times: 0 })
      .catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(RpcStatus.INVALID_ARGUMENT);
    expect(error.details?.map((d) => d.path).sort()).toEqual(['text', 'times']);
  });

  it('refuses unknown fields (no mass assignment across a hop)', async () => {
    const error = (await client
      .call('echo', { text: 'a', admin: true } as never)
      .catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe(RpcStatus.INVALID_ARGUMENT);
  });

  it('refuses a message that is not an envelope', async () => {
    const error = await firstValueFrom(raw.send('newsreel.echo.v1.echo', { text: 'a' })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: RpcStatus.INVALID_ARGUMENT,
      message: 'Malformed RPC envelope',
    });
  });

  it('carries a domain error code to the caller', async () => {
    await expect(client.call('find', { id: 'x1' })).rejects.toMatchObject({
      code: RpcStatus.NOT_FOUND,
      message: 'No item x1',
    });
  });

  it('turns an unexpected error into a bare INTERNAL with nothing leaked', async () => {
    const error = (await client.call('crash', {}).catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe(RpcStatus.INTERNAL);
    expect(error.message).toBe('Internal error');
    expect(JSON.stringify(error.toPayload())).not.toContain('hunter2');
  });

  it('fails with DEADLINE_EXCEEDED when the server is too slow', async () => {
    await expect(client.call('slow', { ms: 500 }, { timeoutMs: 100 })).rejects.toMatchObject({
      code: RpcStatus.DEADLINE_EXCEEDED,
    });
  });

  it('propagates the caller deadline to downstream calls', async () => {
    lastRelay = undefined;
    const error = (await client
      .call('relay', { ms: 1500 }, { timeoutMs: 300 })
      .catch((e: unknown) => e)) as RpcError;
    expect(error.code).toBe(RpcStatus.DEADLINE_EXCEEDED);
    // The inner call asked for 60 s but inherited the outer 300 ms deadline.
    const inner = await waitFor(() => lastRelay, {
      timeoutMs: 3000,
      what: 'the relayed call to end',
    });
    expect(inner.code).toBe(RpcStatus.DEADLINE_EXCEEDED);
    expect(inner.elapsedMs).toBeLessThan(1000);
  });

  it('reports UNAVAILABLE when nothing listens', async () => {
    const deadPort = await freePort();
    const proxy = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: deadPort },
    });
    const dead = new RpcClient(EchoContract, proxy, { timeoutMs: 1000, caller: 'test' });
    await expect(dead.call('echo', { text: 'a' })).rejects.toMatchObject({
      code: RpcStatus.UNAVAILABLE,
    });
    await dead.close();
  });
});
