import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { RpcError, RpcStatus, defineContract, method } from '@newsreel/shared-contracts';
import { freePort } from '@newsreel/shared-testing';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { RpcCredentials, installRpcCredentials, uninstallRpcCredentials } from './rpc-auth';
import { RpcClient } from './rpc-client';
import { RpcMethod } from './rpc-method.decorator';

// A real NestJS TCP server with credentials installed: our client's calls carry a service token
// and go through; a raw frame (what anything on the network can send) is refused before the
// handler runs.
const VaultContract = defineContract('vault', 'v1', {
  remove: method({
    request: z.strictObject({ id: z.string(), requesterId: z.string() }),
    response: z.object({ removed: z.boolean() }),
  }),
});
const removed: string[] = [];

@Controller()
class VaultRpcController {
  @RpcMethod(VaultContract, 'remove')
  remove(request: { id: string; requesterId: string }) {
    removed.push(request.id);
    return { removed: true };
  }
}

@Module({ controllers: [VaultRpcController] })
class VaultModule {}

describe('RPC service tokens on the wire', () => {
  const secret = 'int-test-rpc-secret-long-enough-00000000';
  let server: INestMicroservice;
  let raw: ClientProxy;
  let port: number;

  beforeAll(async () => {
    installRpcCredentials({ service: 'gateway', secret });
    port = await freePort();
    server = await NestFactory.createMicroservice(VaultModule, {
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
      logger: false,
    });
    await server.listen();
    raw = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
    uninstallRpcCredentials();
  });

  const rawCall = (meta: Record<string, unknown>) =>
    firstValueFrom(
      raw.send('newsreel.vault.v1.remove', { payload: { id: 'v1', requesterId: 'someone' }, meta }),
    ).catch((error: unknown) => error);

  it("accepts our client's calls (a token in the metadata)", async () => {
    const client = new RpcClient(VaultContract, raw, { timeoutMs: 2000, caller: 'gateway' });
    await expect(client.call('remove', { id: 'ok-1', requesterId: 'u' })).resolves.toEqual({
      removed: true,
    });
    expect(removed).toContain('ok-1');
  });

  it('refuses a raw frame without a token, with a forged one, or one signed with another key', async () => {
    const foreign = new RpcCredentials({ service: 'gateway', secret: `${secret}-elsewhere` });
    for (const meta of [{}, { auth: 'gateway.9999999999.forged' }, { auth: foreign.token() }]) {
      const error = await rawCall(meta);
      expect(RpcError.fromPayload(error)).toMatchObject({
        code: RpcStatus.UNAUTHENTICATED,
        message: 'newsreel.vault.v1.remove: caller not authenticated',
      });
    }
    expect(removed).not.toContain('v1');
  });
});
