import type { Socket } from 'node:net';
import { ApiKey } from './protocol/api-keys';
import type { BrokerContext, ConnectionContext, RequestHeader } from './protocol/context';
import { dispatch, parseHeader } from './protocol/dispatcher';
import { FrameDecoder } from './protocol/frame-decoder';

interface Slot {
  /** Produce requests may overlap each other (their fsyncs are batched); nothing else may. */
  pipelined: boolean;
  done: boolean;
  response: Buffer[] | null;
}

/** Stop reading from a client that has this many requests queued (backpressure). */
const MAX_QUEUED = 256;

/**
 * One client connection. Requests are executed in order, one at a time, like Kafka does
 * (a parked JoinGroup or Fetch holds back later requests on the same connection). The one
 * exception is Produce: consecutive produce requests start at once, so their appends stay
 * ordered while their fsyncs share one group commit; responses are still written in order.
 */
export class Connection implements ConnectionContext {
  readonly clientHost: string;
  private readonly decoder: FrameDecoder;
  private readonly queue: Array<{ frame: Buffer; header: RequestHeader }> = [];
  private readonly inflight: Slot[] = [];
  private readonly closeCallbacks = new Set<() => void>();
  private isClosed = false;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly broker: BrokerContext,
    onClosed: (c: Connection) => void,
  ) {
    this.clientHost = socket.remoteAddress ?? 'unknown';
    this.decoder = new FrameDecoder(broker.options.maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => {
      // Resets by clients that went away are routine; anything is logged at info level.
      broker.logger.info('kafka-broker: socket error', { connection: id, error: err.message });
    });
    socket.on('close', () => {
      this.isClosed = true;
      for (const cb of [...this.closeCallbacks]) cb();
      this.closeCallbacks.clear();
      onClosed(this);
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  onClose(cb: () => void): () => void {
    if (this.isClosed) {
      cb();
      return () => undefined;
    }
    this.closeCallbacks.add(cb);
    return () => this.closeCallbacks.delete(cb);
  }

  /** Closes the connection because of bad input or a failure, with one log line. */
  abort(reason: string): void {
    if (this.isClosed || this.socket.destroyed) return;
    this.broker.logger.warn(`kafka-broker: closing connection: ${reason}`, {
      connection: this.id,
      remote: `${this.clientHost}:${this.socket.remotePort ?? '?'}`,
    });
    this.socket.destroy();
  }

  /** Closes the connection (shutdown). */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      return this.abort(errorMessage(err));
    }
    for (const frame of frames) {
      try {
        this.queue.push({ frame, header: parseHeader(frame) });
      } catch (err) {
        return this.abort(`unparseable request header: ${errorMessage(err)}`);
      }
    }
    if (this.queue.length > MAX_QUEUED) this.socket.pause();
    this.pump();
  }

  private pump(): void {
    // socket.destroyed flips synchronously on abort(), before the 'close' event arrives.
    while (this.queue.length > 0 && !this.isClosed && !this.socket.destroyed) {
      const { frame, header } = this.queue[0];
      const pipelined = header.apiKey === ApiKey.Produce;
      const canStart =
        this.inflight.length === 0 || (pipelined && this.inflight.every((s) => s.pipelined));
      if (!canStart) break;
      this.queue.shift();
      const slot: Slot = { pipelined, done: false, response: null };
      this.inflight.push(slot);
      void this.run(frame, header, slot);
    }
    if (this.queue.length < MAX_QUEUED / 4 && this.socket.isPaused()) this.socket.resume();
  }

  private async run(frame: Buffer, header: RequestHeader, slot: Slot): Promise<void> {
    try {
      slot.response = await dispatch({ broker: this.broker, connection: this, header }, frame);
    } catch (err) {
      const name = err instanceof Error ? err.name : 'Error';
      if (name !== 'ProtocolError') {
        this.broker.logger.error('kafka-broker: request failed', {
          apiKey: header.apiKey,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
      }
      this.abort(
        `malformed or failed request (api key ${header.apiKey} v${header.apiVersion}): ${errorMessage(err)}`,
      );
    }
    slot.done = true;
    this.flush();
    this.pump();
  }

  /** Writes finished responses in request order. */
  private flush(): void {
    while (this.inflight.length > 0 && this.inflight[0].done) {
      const slot = this.inflight.shift();
      if (!slot?.response || this.isClosed || this.socket.destroyed) continue;
      this.socket.cork();
      for (const chunk of slot.response) this.socket.write(chunk);
      this.socket.uncork();
    }
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
