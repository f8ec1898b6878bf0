import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Context,
  type ContextManager,
  ROOT_CONTEXT,
  context,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ContextSlot, ensureAsyncContext } from './async-context';

describe('ContextSlot', () => {
  const deadline = new ContextSlot<number>('test.deadline');
  const trail = new ContextSlot<string[]>('test.trail');

  it('is undefined outside run', () => {
    expect(deadline.get()).toBeUndefined();
  });

  it('is visible across awaits, timers and callbacks started inside run, and gone after', async () => {
    const seen = await deadline.run(42, async () => {
      const values: Array<number | undefined> = [deadline.get()];
      await sleep(5);
      values.push(deadline.get());
      values.push(await new Promise<number | undefined>((resolve) => setImmediate(() => resolve(deadline.get()))));
      values.push(await Promise.resolve().then(() => deadline.get()));
      return values;
    });
    expect(seen).toEqual([42, 42, 42, 42]);
    expect(deadline.get()).toBeUndefined();
  });

  it('keeps concurrent runs apart', async () => {
    const read = (value: number) =>
      deadline.run(value, async () => {
        await sleep(value % 7);
        return deadline.get();
      });
    expect(await Promise.all([1, 2, 3, 4, 5, 6].map(read))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('nests: an inner run shadows the outer value until it returns; other slots are kept', () => {
    const seen = trail.run(['video-1'], () =>
      deadline.run(1, () => {
        const inner = deadline.run(2, () => [deadline.get(), trail.get()]);
        return [...inner, deadline.get()];
      }),
    );
    expect(seen).toEqual([2, ['video-1'], 1]);
  });

  it('shares the context with the active span: entering a span keeps slot values and vice versa', () => {
    const span = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    });
    const seen = context.with(trace.setSpan(context.active(), span), () =>
      deadline.run(7, () =>
        context.with(trace.setSpan(context.active(), span), () => ({
          deadline: deadline.get(),
          spanId: trace.getActiveSpan()?.spanContext().spanId,
        })),
      ),
    );
    expect(seen).toEqual({ deadline: 7, spanId: 'b7ad6b7169203331' });
  });

  it('in() builds a context to enter later, several values in one entry', () => {
    const scope = trail.in(deadline.in(ROOT_CONTEXT, 9), ['account-2']);
    expect(deadline.get()).toBeUndefined();
    expect(context.with(scope, () => [deadline.get(), trail.get()])).toEqual([9, ['account-2']]);
  });

  it('two slots with the same name do not share a value', () => {
    const other = new ContextSlot<number>('test.deadline');
    expect(deadline.run(1, () => other.get())).toBeUndefined();
  });
});

describe('ensureAsyncContext', () => {
  afterAll(() => {
    // Leave the process as the other tests expect it: a working context manager.
    context.disable();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });

  it('is idempotent', () => {
    ensureAsyncContext();
    ensureAsyncContext();
    const slot = new ContextSlot<string>('test.idempotent');
    expect(slot.run('x', () => slot.get())).toBe('x');
  });

  it('refuses a registered context manager that does not propagate, instead of losing values', async () => {
    context.disable();
    context.setGlobalContextManager(new ForgetfulContextManager());
    vi.resetModules();
    const fresh = await import('./async-context');
    expect(() => fresh.ensureAsyncContext()).toThrow(/does not propagate/);
  });
});

/** A manager that forgets everything (what an application might register by mistake). */
class ForgetfulContextManager implements ContextManager {
  active(): Context {
    return ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    _context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return fn.call(thisArg, ...args);
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}
