import { type Attributes, SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import type { Redis } from 'ioredis';

const TRACED = Symbol('newsreel.redisTracing');

type Command = Parameters<Redis['sendCommand']>[0];

/**
 * Makes every command `client` sends a CLIENT span named by the command (`GET`, `INCRBY`,
 * `EVALSHA`) when it is sent inside a recording span (a request, an RPC call, a consumed
 * event), with `db.system.name: redis`, `db.operation.name`, `db.namespace` (the database
 * index) and `server.address` / `server.port`. Keys, arguments and values never go into a span.
 * Commands with no recording parent (heartbeats, pollers, subscriber connections) get none.
 *
 * Wraps this client's `sendCommand` only (nothing global); idempotent; a no-op when the process
 * has no SDK registered. `connectRedis` applies it to every connection it opens.
 */
export function traceRedisCommands(client: Redis): Redis {
  const traced = client as Redis & { [TRACED]?: true };
  if (traced[TRACED]) return client;
  traced[TRACED] = true;
  const tracer = trace.getTracer('@newsreel/shared-redis');
  const options = client.options;
  const common: Attributes = {
    [ATTR_DB_SYSTEM_NAME]: 'redis',
    [ATTR_DB_NAMESPACE]: String(options.db ?? 0),
  };
  if (options.host) common[ATTR_SERVER_ADDRESS] = options.host;
  if (options.port) common[ATTR_SERVER_PORT] = options.port;
  const send = client.sendCommand.bind(client);
  client.sendCommand = (command: Command, stream?: Parameters<Redis['sendCommand']>[1]) => {
    const parent = trace.getSpan(context.active());
    if (!parent?.isRecording()) return send(command, stream);
    const operation = command.name.toUpperCase();
    const span = tracer.startSpan(operation, {
      kind: SpanKind.CLIENT,
      attributes: { ...common, [ATTR_DB_OPERATION_NAME]: operation },
    });
    const result = send(command, stream);
    command.promise.then(
      () => span.end(),
      (error: unknown) => {
        span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    );
    return result;
  };
  return client;
}

function errorType(error: unknown): string {
  if (error instanceof Error) {
    // Redis replies with the error class first: "WRONGTYPE Operation against a key...".
    const prefix = /^([A-Z]{3,})\b/.exec(error.message)?.[1];
    return prefix ?? error.name;
  }
  return 'error';
}
