/**
 * The server's reads, one at a time on their own connection: DuckDB runs one query per
 * connection, and a live ingest holds a transaction open on the store's own. A bounded
 * queue: beyond it a request is refused (503) instead of waiting behind minutes of work.
 */
import type { Store } from "../store/store.js";

export const MAX_QUEUED = 64;

export class Busy extends Error {
  readonly statusCode = 503;
}

export class Reads {
  private chain: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(private readonly store: Store) {}

  run<T>(read: (store: Store) => Promise<T>): Promise<T> {
    if (this.queued >= MAX_QUEUED) return Promise.reject(new Busy("server busy: too many queries queued"));
    this.queued++;
    const result = this.chain.then(() => read(this.store));
    this.chain = result.then(
      () => this.queued--,
      () => this.queued--,
    );
    return result;
  }
}
