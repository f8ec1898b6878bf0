import { connect } from 'node:net';

/** Answers whether an instance is still there; must not throw. */
export type InstanceProbe = (target: { host: string; port: number }) => Promise<boolean>;

/**
 * A TCP connect to `host:port` within `timeoutMs` (default 300 ms): true when something accepts.
 * It says "a process listens there", which is all empty-push protection needs to know.
 */
export function tcpProbe(timeoutMs = 300): InstanceProbe {
  return ({ host, port }) =>
    new Promise((resolve) => {
      const socket = connect({ host, port });
      const done = (up: boolean) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(up);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
}
