/**
 * Server-Sent Events to the open pages: what a live feed adds (positions, event emissions)
 * is written to every subscriber as it comes. Bounded: a fixed number of subscribers, and
 * a subscriber whose socket stops draining is dropped rather than buffered without end.
 */
import type { ServerResponse } from "node:http";

export const MAX_SUBSCRIBERS = 32;
/** Bytes a subscriber may have unsent before it is dropped. */
const MAX_BACKLOG = 4 << 20;
/** A comment line this often keeps proxies and idle timers from closing the stream. */
const KEEPALIVE_MS = 15_000;

export class LiveHub {
  private readonly subscribers = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly live: boolean) {
    this.timer = setInterval(() => this.write(": keepalive\n\n"), KEEPALIVE_MS);
    this.timer.unref();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Starts the event stream on `res`; false when the hub is full. */
  subscribe(res: ServerResponse): boolean {
    if (this.subscribers.size >= MAX_SUBSCRIBERS) return false;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write(`event: hello\ndata: ${JSON.stringify({ live: this.live })}\n\n`);
    this.subscribers.add(res);
    res.on("close", () => this.subscribers.delete(res));
    return true;
  }

  publish(type: string, data: unknown): void {
    if (this.subscribers.size > 0) this.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(): void {
    clearInterval(this.timer);
    for (const res of this.subscribers) res.end();
    this.subscribers.clear();
  }

  private write(text: string): void {
    for (const res of this.subscribers) {
      if (res.writableLength > MAX_BACKLOG) res.destroy();
      else res.write(text);
    }
  }
}
