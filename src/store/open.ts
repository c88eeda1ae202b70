/**
 * Opens the store a command names: `--store postgres://user@host:port/database` opens
 * PostgreSQL, anything else (`--db FILE`, or a path given to --store) the DuckDB file.
 */
import type { StoreBackend } from "./backend.js";
import { DuckStore } from "./duck-backend.js";
import { PgStore } from "./postgres/backend.js";
import { isPostgresUrl } from "./postgres/connect.js";
import type { OpenOptions } from "./store.js";

export interface StoreTarget {
  db: string;
  store?: string;
}

export interface OpenStoreOptions extends OpenOptions {
  /** PostgreSQL: how long to keep retrying an unreachable server, in seconds. */
  retrySeconds?: number;
  /** PostgreSQL: told when an unreachable server is being waited for. */
  onWait?: (message: string) => void;
  /** PostgreSQL: read through a pool of this many connections (a DuckDB file reads on its one). */
  readers?: number;
}

export function openStore(target: StoreTarget, opts: OpenStoreOptions = {}): Promise<StoreBackend> {
  const where = target.store ?? target.db;
  if (isPostgresUrl(where)) return PgStore.open(where, opts);
  const { retrySeconds: _r, onWait: _w, readers: _n, ...duck } = opts;
  return DuckStore.open(where, duck);
}
