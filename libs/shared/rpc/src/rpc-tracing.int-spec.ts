import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { RpcError, RpcStatus, defineContract, method } from '@newsreel/shared-contracts';
import { freePort } from '@newsreel/shared-testing';
import { ensureAsyncContext } from '@newsreel/shared-async-context';
import {
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { z } from 'zod';
import { RpcClient } from './rpc-client';
import { RpcMethod } from './rpc-method.decorator';
import { RPC_TRACER_NAME } from './rpc-tracing';

// A real TCP hop with an in-memory OpenTelemetry SDK: the server span must be the child of the
// client span, linked only by the W3C context the client put into the envelope.
const TraceContract = defineContract('trace', 'v1', {
  hop: method({
    request: z.strictObject({}),
    response: z.object({ ok: z.boolean() }),
    idempotent: true,
  }),
  /** Calls `hop` while serving: three spans in one trace. */
  relay: method({ request: z.strictObject({}), response: z.object({ ok: z.boolean() }) }),
  absent: method({ request: z.strictObject({}), response: z.object({}) }),
  broken: method({ request: z.strictObject({}), response: z.object({}) }),
});

let downstream: RpcClient<typeof TraceContract>;
/** The trace context `hop` ran in, last time it was called. */
let hopSaw: SpanContext | undefined;

@Controller()
class TraceRpcController {
  @RpcMethod(TraceContract, 'hop')
  hop() {
    hopSaw = trace.getActiveSpan()?.spanContext();
    return { ok: true };
  }

  @RpcMethod(TraceContract, 'relay')
  relay() {
    return downstream.call('hop', {});
  }

  @RpcMethod(TraceContract, 'absent')
  absent(): Record<string, never> {
    throw new RpcError(RpcStatus.NOT_FOUND, 'no such thing');
  }

  @RpcMethod(TraceContract, 'broken')
  broken(): Record<string, never> {
    throw new Error('secret detail');
  }
}

@Module({ controllers: [TraceRpcController] })
class TraceModule {}

describe('RPC tracing (W3C trace context across the hop)', () => {
  const exporter = new InMemorySpanExporter();
  let server: INestMicroservice;
  let client: RpcClient<typeof TraceContract>;
  let port: number;

  beforeAll(async () => {
    ensureAsyncContext();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
    );
    port = await freePort();
    server = await NestFactory.createMicroservice(TraceModule, {
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
      logger: false,
    });
    await server.listen();
    const proxy = () =>
      ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
    client = new RpcClient(TraceContract, proxy(), { timeoutMs: 2000, caller: 'test' });
    downstream = new RpcClient(TraceContract, proxy(), { timeoutMs: 2000, caller: 'relay' });
  });

  afterAll(async () => {
    await client.close();
    await downstream.close();
    await server.close();
    trace.disable();
    propagation.disable();
  });

  beforeEach(() => exporter.reset());

  const finished = (name: string, kind: SpanKind): ReadableSpan[] =>
    exporter.getFinishedSpans().filter((s) => s.name === name && s.kind === kind);

  it('makes the server span a child of the client span, with the RPC attributes', async () => {
    await client.call('hop', {});
    const [clientSpan] = finished('newsreel.trace.v1/hop', SpanKind.CLIENT);
    const [serverSpan] = finished('newsreel.trace.v1/hop', SpanKind.SERVER);
    expect(clientSpan).toBeDefined();
    expect(serverSpan).toBeDefined();
    expect(serverSpan.spanContext().traceId).toBe(clientSpan.spanContext().traceId);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    expect(clientSpan.instrumentationScope.name).toBe(RPC_TRACER_NAME);
    expect(clientSpan.attributes).toMatchObject({
      'rpc.system': 'newsreel_tcp',
      'rpc.service': 'newsreel.trace.v1',
      'rpc.method': 'hop',
      'server.address': '127.0.0.1',
      'server.port': port,
      'newsreel.instance.id': 'trace-direct',
      'rpc.response.status_code': 'OK',
    });
    expect(serverSpan.attributes).toMatchObject({
      'rpc.system': 'newsreel_tcp',
      'rpc.service': 'newsreel.trace.v1',
      'rpc.method': 'hop',
      'rpc.response.status_code': 'OK',
    });
  });

  it('continues the trace through a service that calls another while serving', async () => {
    await client.call('relay', {});
    const spans = exporter.getFinishedSpans();
    const outer = finished('newsreel.trace.v1/relay', SpanKind.SERVER)[0];
    const innerClient = finished('newsreel.trace.v1/hop', SpanKind.CLIENT)[0];
    const innerServer = finished('newsreel.trace.v1/hop', SpanKind.SERVER)[0];
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(innerClient.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(innerServer.parentSpanContext?.spanId).toBe(innerClient.spanContext().spanId);
  });

  it('continues the caller trace when the client is called inside an active span', async () => {
    const tracer = trace.getTracer('test');
    const root = tracer.startSpan('http request');
    await context.with(trace.setSpan(context.active(), root), () => client.call('hop', {}));
    root.end();
    const [clientSpan] = finished('newsreel.trace.v1/hop', SpanKind.CLIENT);
    expect(clientSpan.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
  });

  it('starts no span on either end in a trace that is not sampled, and still carries the trace id', async () => {
    const unsampled = trace.wrapSpanContext({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.NONE,
    });
    hopSaw = undefined;
    await context.with(trace.setSpan(context.active(), unsampled), () => client.call('relay', {}));
    expect(exporter.getFinishedSpans()).toEqual([]);
    // Two hops down (client -> relay -> hop), the handler runs in the same unsampled trace.
    expect(hopSaw).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.NONE,
      isRemote: true,
    });
  });

  it('marks a client span ERROR on failure, a server span ERROR only for server faults', async () => {
    await expect(client.call('absent', {})).rejects.toMatchObject({ code: RpcStatus.NOT_FOUND });
    const [absentClient] = finished('newsreel.trace.v1/absent', SpanKind.CLIENT);
    const [absentServer] = finished('newsreel.trace.v1/absent', SpanKind.SERVER);
    expect(absentClient.status.code).toBe(SpanStatusCode.ERROR);
    expect(absentServer.status.code).toBe(SpanStatusCode.UNSET);
    expect(absentServer.attributes['rpc.response.status_code']).toBe('NOT_FOUND');

    await expect(client.call('broken', {})).rejects.toMatchObject({ code: RpcStatus.INTERNAL });
    const [brokenServer] = finished('newsreel.trace.v1/broken', SpanKind.SERVER);
    expect(brokenServer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'INTERNAL' });
    expect(JSON.stringify([brokenServer.attributes, brokenServer.events])).not.toContain(
      'secret detail',
    );
  });
});
