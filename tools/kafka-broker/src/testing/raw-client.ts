import * as net from 'node:net';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

/**
 * A bare Kafka protocol client for tests: sends hand-built (or deliberately broken)
 * requests and exposes raw response bodies, which kafkajs cannot do.
 */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private nextCorrelation = 1;
  private readonly pending = new Map<number, (body: Buffer) => void>();
  /** Resolves when the broker closes the connection. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length < 4 + size) break;
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        const correlationId = frame.readInt32BE(0);
        this.pending.get(correlationId)?.(frame.subarray(4));
        this.pending.delete(correlationId);
      }
    });
  }

  /** Opens a connection. */
  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Whether the socket is closed. */
  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Writes raw bytes. */
  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends a request and resolves with the response body (after the correlation id). */
  async request(
    apiKey: number,
    apiVersion: number,
    body: (w: Writer) => void = () => undefined,
  ): Promise<Reader> {
    const correlationId = this.nextCorrelation++;
    const w = new Writer();
    w.int16(apiKey).int16(apiVersion).int32(correlationId).nullableString('raw-client');
    body(w);
    return new Reader(await this.send(correlationId, Buffer.concat(w.toChunks())));
  }

  /** A correlation id for {@link send}. */
  correlationId(): number {
    return this.nextCorrelation++;
  }

  /**
   * Sends an encoded request (header and body, without the size prefix) and resolves with
   * what follows the correlation id in its response.
   */
  send(correlationId: number, request: Buffer): Promise<Buffer> {
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(request.length);
    const response = new Promise<Buffer>((resolve, reject) => {
      this.pending.set(correlationId, resolve);
      void this.closed.then(() => reject(new Error('connection closed')));
    });
    this.socket.write(Buffer.concat([size, request]));
    return response;
  }

  /** Closes the connection. */
  close(): void {
    this.socket.destroy();
  }
}
