import type { ClientProxy } from '@nestjs/microservices';
import { RpcStatus, defineContract, method } from '@newsreel/shared-contracts';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { z } from 'zod';
import { RpcClient } from './rpc-client';
import type { RpcEndpoint, RpcEndpoints } from './rpc-endpoints';
import type { RpcEnvelope } from './rpc-envelope';
import { type RpcClientCallObservation, setRpcClientObserver } from './rpc-observer';

const Contract = defineContract('demo', 'v1', {
  read: method({
    request: z.strictObject({}),
    response: z.object({ by: z.string() }),
    idempotent: true,
  }),
  write: method({ request: z.strictObject({}), response: z.object({ by: z.string() }) }),
});

type Behaviour = 'ok' | 'refused' | 'hang-connect' | 'closed' | 'not-found' | 'silent';

/** An instance whose connection behaves as told; records what it was sent. */
function fakeEndpoint(instanceId: string, behaviour: Behaviour) {
  const sent: RpcEnvelope[] = [];
  const proxy = {
    connect: () =>
      behaviour === 'refused'
        ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
        : behaviour === 'hang-connect'
          ? new Promise(() => undefined)
          : Promise.resolve(),
    send: (_pattern: string, envelope: RpcEnvelope): Observable<unknown> => {
      sent.push(envelope);
      if (behaviour === 'closed') return throwError(() => new Error('Connection closed'));
      if (behaviour === 'not-found')
        return throwError(() => ({ code: RpcStatus.NOT_FOUND, message: 'no such thing' }));
      if (behaviour === 'silent') return NEVER;
      return of({ by: instanceId });
    },
    close: () => undefined,
  } as unknown as ClientProxy;
  const endpoint: RpcEndpoint = {
    service: 'demo',
    instanceId,
    host: '10.0.0.1',
    port: 4000,
    proxy,
  };
  return { endpoint, sent };
}

/** Endpoints handing out the given instances in order, skipping excluded ones. */
function endpoints(
  ...list: Array<ReturnType<typeof fakeEndpoint>>
): RpcEndpoints & { failed: string[] } {
  const failed: string[] = [];
  return {
    service: 'demo',
    failed,
    pick: (_route, exclude) => list.map((e) => e.endpoint).find((e) => !exclude.has(e.instanceId)),
    reportFailure: (e) => failed.push(e.instanceId),
    describeNone: () => 'No instance of demo is registered',
    close: () => Promise.resolve(),
  };
}

describe('RpcClient retries', () => {
  const observed: RpcClientCallObservation[] = [];
  beforeEach(() => {
    observed.length = 0;
    setRpcClientObserver((o) => observed.push(o));
  });
  afterEach(() => setRpcClientObserver(undefined));

  const client = (targets: RpcEndpoints, timeoutMs = 3000) =>
    new RpcClient(Contract, targets, { timeoutMs, caller: 'gateway-1' });

  it('retries any method on another instance when the connection was refused (nothing sent)', async () => {
    const a = fakeEndpoint('demo-1', 'refused');
    const b = fakeEndpoint('demo-2', 'ok');
    const targets = endpoints(a, b);
    await expect(client(targets).call('write', {})).resolves.toEqual({ by: 'demo-2' });
    expect(a.sent).toHaveLength(0);
    expect(targets.failed).toEqual(['demo-1']);
    expect(observed.map((o) => [o.instance, o.code])).toEqual([
      ['demo-1', 'UNAVAILABLE'],
      ['demo-2', 'OK'],
    ]);
  });

  it('gives up on a connection that does not come within a second, and retries elsewhere', async () => {
    vi.useFakeTimers();
    try {
      const a = fakeEndpoint('demo-1', 'hang-connect');
      const b = fakeEndpoint('demo-2', 'ok');
      const call = client(endpoints(a, b)).call('write', {});
      await vi.advanceTimersByTimeAsync(999);
      expect(b.sent).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await expect(call).resolves.toEqual({ by: 'demo-2' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries an idempotent call whose connection was lost after sending', async () => {
    const a = fakeEndpoint('demo-1', 'closed');
    const b = fakeEndpoint('demo-2', 'ok');
    await expect(client(endpoints(a, b)).call('read', {})).resolves.toEqual({ by: 'demo-2' });
    expect(a.sent).toHaveLength(1);
  });

  it('does not retry a non-idempotent call whose connection was lost after sending', async () => {
    const a = fakeEndpoint('demo-1', 'closed');
    const b = fakeEndpoint('demo-2', 'ok');
    const targets = endpoints(a, b);
    await expect(client(targets).call('write', {})).rejects.toMatchObject({
      code: RpcStatus.UNAVAILABLE,
      message: 'newsreel.demo.v1.write: connection to demo instance demo-1 lost (closed)',
    });
    expect(b.sent).toHaveLength(0);
    expect(targets.failed).toEqual(['demo-1']);
  });

  it('never retries an error the server returned', async () => {
    const a = fakeEndpoint('demo-1', 'not-found');
    const b = fakeEndpoint('demo-2', 'ok');
    const targets = endpoints(a, b);
    await expect(client(targets).call('read', {})).rejects.toMatchObject({
      code: RpcStatus.NOT_FOUND,
    });
    expect(b.sent).toHaveLength(0);
    expect(targets.failed).toEqual([]);
  });

  it('never retries once the deadline has passed', async () => {
    const a = fakeEndpoint('demo-1', 'silent');
    const b = fakeEndpoint('demo-2', 'ok');
    await expect(client(endpoints(a, b), 50).call('read', {})).rejects.toMatchObject({
      code: RpcStatus.DEADLINE_EXCEEDED,
    });
    expect(b.sent).toHaveLength(0);
  });

  it('retries only once', async () => {
    const targets = endpoints(
      fakeEndpoint('demo-1', 'refused'),
      fakeEndpoint('demo-2', 'refused'),
      fakeEndpoint('demo-3', 'ok'),
    );
    await expect(client(targets).call('read', {})).rejects.toMatchObject({
      code: RpcStatus.UNAVAILABLE,
      message: 'newsreel.demo.v1.read: demo instance demo-2 unreachable (ECONNREFUSED)',
    });
  });

  it('says which service has no instance at all', async () => {
    await expect(client(endpoints()).call('read', {})).rejects.toMatchObject({
      code: RpcStatus.UNAVAILABLE,
      message: 'No instance of demo is registered',
    });
  });

  it('sends the deadline and the caller in the envelope (no trace context without an SDK)', async () => {
    const a = fakeEndpoint('demo-1', 'ok');
    const before = Date.now();
    await client(endpoints(a), 500).call('read', {});
    const meta = a.sent[0].meta;
    expect(meta.caller).toBe('gateway-1');
    expect(meta.deadline).toBeGreaterThanOrEqual(before + 500);
    expect(meta.traceparent).toBeUndefined();
  });
});
