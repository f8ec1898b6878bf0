import { Writable } from 'node:stream';
import { ROOT_CONTEXT, context, trace } from '@opentelemetry/api';
import { ensureAsyncContext } from '@newsreel/shared-async-context';
import { createLogger } from './create-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ service: 'gateway', instanceId: 'gateway-1', level: 'info', destination });
  return { logger, lines };
}

describe('createLogger', () => {
  beforeAll(() => ensureAsyncContext());

  const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };

  it('puts trace_id and span_id of the active span on every line written inside it', () => {
    const { logger, lines } = capture();
    context.with(trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(spanContext)), () => {
      logger.warn({ status: 404 }, 'request failed');
      logger.info('second line');
    });
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      level: 'warn',
      service: 'gateway',
      status: 404,
      msg: 'request failed',
      trace_id: spanContext.traceId,
      span_id: spanContext.spanId,
    });
    expect(lines[1]).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(lines[2]).not.toHaveProperty('trace_id');
    expect(lines[2]).not.toHaveProperty('span_id');
  });

  it('adds nothing for an invalid span context, and a line may set its own ids', () => {
    const { logger, lines } = capture();
    const invalid = { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 };
    context.with(trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(invalid)), () => logger.info('x'));
    context.with(trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(spanContext)), () =>
      logger.info({ trace_id: 'a'.repeat(32) }, 'explicit'),
    );
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({ trace_id: 'a'.repeat(32), span_id: spanContext.spanId });
  });

  it('still redacts credentials', () => {
    const { logger, lines } = capture();
    logger.info({ password: 'hunter2', accessToken: 't' }, 'login');
    expect(lines[0]).toMatchObject({ password: '[redacted]', accessToken: '[redacted]' });
  });
});
