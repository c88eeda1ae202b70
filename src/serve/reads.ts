/**
 * The server's reads, as many at once as the store allows (ServeReader.concurrentReads):
 * DuckDB runs one query per connection (and a live ingest holds a transaction open on the
 * store's own), a PostgreSQL pool several. A bounded queue: beyond it a request is refused
 * (503) instead of waiting behind minutes of work; so is one whose database went away.
 */
import type { ServeReader } from "../store/backend.js";

export const MAX_QUEUED = 64;

export class Busy extends Error {
  readonly statusCode = 503;
}

export class Reads {
  private running = 0;
  private queued = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly reader: ServeReader) {}

  async run<T>(read: (reader: ServeReader) => Promise<T>): Promise<T> {
    if (this.queued >= MAX_QUEUED) throw new Busy("server busy: too many queries queued");
    this.queued++;
    try {
      if (this.running >= this.reader.concurrentReads)
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      else this.running++;
      try {
        return await read(this.reader);
      } finally {
        // hand the slot straight to the next read, or free it
        const next = this.waiting.shift();
        if (next) next();
        else this.running--;
      }
    } catch (err) {
      if (this.reader.isConnectionLoss(err))
        throw new Busy(`${this.reader.location}: the store is unreachable; try again later`);
      throw err;
    } finally {
      this.queued--;
    }
  }
}
