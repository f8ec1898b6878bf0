import { type Context, ROOT_CONTEXT, context, createContextKey } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

let ready = false;

/**
 * Makes sure this process has its one async context: OpenTelemetry's context API, backed by one
 * `AsyncLocalStorage` (`AsyncLocalStorageContextManager`), registered globally. Idempotent and
 * never undone, so it does not depend on whether tracing is on: the RPC call metadata, the
 * upstream trail and the open transaction live in the same context as the active span
 * ({@link ContextSlot}).
 *
 * Why one: on Node 20 every enabled `AsyncLocalStorage` is copied onto every promise and async
 * resource the process creates, so each extra one costs on every `await` of every request
 * (ADR 0009 has the measurements).
 *
 * When a context manager is already registered (a test, or an application embedding the
 * platform with its own OpenTelemetry set-up), that one is used if it propagates; one that does
 * not (the API's no-op) is an error rather than silently losing deadlines and transactions.
 */
export function ensureAsyncContext(): void {
  if (ready) return;
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) {
    manager.disable();
    if (!contextPropagates()) {
      throw new Error(
        'The OpenTelemetry context manager registered in this process does not propagate values; ' +
          'Newsreel needs an AsyncLocalStorage one (do not disable it, or register none)',
      );
    }
  }
  ready = true;
}

const PROBE = createContextKey('newsreel.async-context.probe');

function contextPropagates(): boolean {
  return context.with(ROOT_CONTEXT.setValue(PROBE, true), () => context.active().getValue(PROBE) === true);
}

/**
 * One typed value in the process's async context, visible to everything that runs (and is
 * awaited) inside {@link ContextSlot.run}: the `AsyncLocalStorage` API (`run`, `get`) without
 * a storage of its own. Values set in enclosing scopes (the active span, other slots) are kept.
 *
 * ```ts
 * const callMeta = new ContextSlot<RpcMeta>('rpc.call');
 * await callMeta.run(meta, () => handler(request)); // callMeta.get() === meta inside
 * ```
 */
export class ContextSlot<T> {
  private readonly key: symbol;

  /** @param name what the value is, for debugging (`rpc.call`); two slots never share a value. */
  constructor(name: string) {
    // Not `createContextKey`: that is `Symbol.for`, shared by every slot of the same name (two
    // databases' transaction runners would see each other's transactions).
    this.key = Symbol(`newsreel.${name}`);
  }

  /** The value in the current async context, or `undefined` outside any {@link run}. */
  get(): T | undefined {
    return context.active().getValue(this.key) as T | undefined;
  }

  /** Runs `fn` with this slot set to `value`; returns what `fn` returns (a promise stays one). */
  run<R>(value: T, fn: () => R): R {
    ensureAsyncContext();
    return context.with(this.in(context.active(), value), fn);
  }

  /**
   * `parent` with this slot set to `value`, to enter later with OpenTelemetry's `context.with`
   * (one entry for several values, or a context saved and entered again).
   */
  in(parent: Context, value: T): Context {
    ensureAsyncContext();
    return parent.setValue(this.key, value);
  }
}
