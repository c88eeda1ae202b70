/**
 * UDP listener for AIS forwarded as datagrams (`udp://:port`), the way receivers and
 * AIS-catcher push NMEA: each datagram becomes a chunk ending in a newline (one is added
 * when the sender left it off). Datagrams waiting for a slow consumer are bounded; beyond
 * the bound they are dropped and counted, as the network would drop them anyway.
 */
import { createSocket, type Socket } from "node:dgram";
import type { AddressInfo } from "node:net";
import type { ByteStream } from "./byte-stream.js";
import { InputError, ioReason } from "./errors.js";

export interface UdpFeedOptions {
  /** Address to bind; "" for every interface. */
  host: string;
  /** Port to bind; 0 asks the system for a free one (see `listen()`'s answer). */
  port: number;
  signal?: AbortSignal;
  /** Most datagrams held while the consumer is busy. */
  maxQueued?: number;
}

const DEFAULT_MAX_QUEUED = 100_000;
const NEWLINE = Buffer.from("\n");

export class UdpFeed implements ByteStream {
  bytesRead = 0;
  datagrams = 0;
  /** Datagrams dropped because the consumer fell too far behind. */
  dropped = 0;

  private socket: Socket | null = null;
  private bound: Promise<AddressInfo> | null = null;
  private queue: Buffer[] = [];
  private closed = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly opts: UdpFeedOptions) {}

  private get name(): string {
    return `udp://${this.opts.host.includes(":") ? `[${this.opts.host}]` : this.opts.host}:${this.opts.port}`;
  }

  /** Binds the socket (once); datagrams are queued from then on. Resolves to the bound address. */
  listen(): Promise<AddressInfo> {
    this.bound ??= new Promise((resolve, reject) => {
      const socket = createSocket({ type: this.opts.host.includes(":") ? "udp6" : "udp4" });
      this.socket = socket;
      const maxQueued = this.opts.maxQueued ?? DEFAULT_MAX_QUEUED;
      socket.on("message", (msg: Buffer) => {
        this.datagrams++;
        this.bytesRead += msg.length;
        if (this.queue.length >= maxQueued) {
          this.dropped++;
          return;
        }
        this.queue.push(msg.length > 0 && msg[msg.length - 1] === 10 ? msg : Buffer.concat([msg, NEWLINE]));
        this.notify();
      });
      socket.on("close", () => {
        this.closed = true;
        this.notify();
      });
      socket.on("error", (err) => {
        this.failure = new InputError(this.name, ioReason(err), { cause: err });
        reject(this.failure);
        socket.close();
      });
      const { signal } = this.opts;
      if (signal?.aborted) socket.close();
      else signal?.addEventListener("abort", () => this.close(), { once: true });
      socket.bind(this.opts.port, this.opts.host || undefined, () => resolve(socket.address()));
    });
    return this.bound;
  }

  /** Stops listening; iteration ends after the datagrams already queued. */
  close(): void {
    if (this.socket !== null && !this.closed) this.socket.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    await this.listen();
    try {
      for (;;) {
        if (this.queue.length > 0) {
          // Everything waiting goes out as one chunk: fewer, larger pushes into the decoder.
          const batch = this.queue;
          this.queue = [];
          yield batch.length === 1 ? batch[0] : Buffer.concat(batch);
          continue;
        }
        if (this.failure !== null) throw this.failure;
        if (this.closed) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      this.close();
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
