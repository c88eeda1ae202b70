/**
 * TCP client for raw NMEA feeds (`tcp://host:port`, as public AIS feeds serve them): yields
 * the bytes as they arrive and, when the connection is refused, drops or goes silent,
 * connects again after a delay that doubles up to a cap and resets once data flows again.
 * Runs until the AbortSignal fires (or the consumer stops iterating).
 *
 * A line cut in half by a drop is ended with a newline before the next connection's bytes,
 * so the fragment is counted as one bad line instead of spoiling the first good one.
 */
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { ByteStream } from "./byte-stream.js";
import { ioReason } from "./errors.js";

export interface BackoffOptions {
  /** First delay before reconnecting, ms. */
  initialMs?: number;
  /** Longest delay, ms. */
  maxMs?: number;
  /** Growth per failed attempt. */
  factor?: number;
}

export interface TcpFeedOptions {
  host: string;
  port: number;
  signal?: AbortSignal;
  backoff?: BackoffOptions;
  /** A connection with no data for this long is treated as dropped (0: never). Catches half-open TCP. */
  idleTimeoutMs?: number;
  /** Told each time the feed is lost, before waiting `retryInMs` to reconnect. */
  onDisconnect?: (info: { reason: string; retryInMs: number; reconnects: number }) => void;
}

/** Defaults: feeds restart in seconds, so start fast; cap at 30 s so a long outage is not hammered. */
const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 250, maxMs: 30_000, factor: 2 };
const DEFAULT_IDLE_MS = 120_000;
const NEWLINE = Buffer.from("\n");

export class TcpFeed implements ByteStream {
  bytesRead = 0;
  /** Successful connections so far. */
  connections = 0;
  /** Times the feed was lost or refused and a new connection was attempted. */
  reconnects = 0;

  private readonly backoff: Required<BackoffOptions>;

  constructor(private readonly opts: TcpFeedOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    const { signal } = this.opts;
    let delay = this.backoff.initialMs;
    while (!signal?.aborted) {
      let lineOpen = false;
      let reason = "connection closed";
      let flowed = false;
      const socket = connect({ host: this.opts.host, port: this.opts.port });
      const abort = () => socket.destroy();
      signal?.addEventListener("abort", abort, { once: true });
      const idleMs = this.opts.idleTimeoutMs ?? DEFAULT_IDLE_MS;
      if (idleMs > 0) socket.setTimeout(idleMs, () => socket.destroy(new Error(`no data for ${idleMs} ms`)));
      socket.once("connect", () => {
        this.connections++;
        socket.setKeepAlive(true, 30_000);
      });
      try {
        for await (const chunk of socket as AsyncIterable<Buffer>) {
          if (!flowed) {
            flowed = true;
            delay = this.backoff.initialMs;
          }
          this.bytesRead += chunk.length;
          lineOpen = chunk[chunk.length - 1] !== 10;
          yield chunk;
        }
      } catch (err) {
        reason = ioReason(err);
      } finally {
        signal?.removeEventListener("abort", abort);
        socket.destroy();
      }
      if (lineOpen) yield NEWLINE;
      if (signal?.aborted) break;
      this.reconnects++;
      this.opts.onDisconnect?.({ reason, retryInMs: delay, reconnects: this.reconnects });
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        break; // aborted while waiting
      }
      delay = Math.min(delay * this.backoff.factor, this.backoff.maxMs);
    }
  }
}
