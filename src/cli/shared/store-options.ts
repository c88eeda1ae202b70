/**
 * `--db FILE` and `--store URL` alike on every command that reads or writes the store:
 * `--store postgres://user@host:port/database` works on PostgreSQL/PostGIS instead of
 * the DuckDB file, waiting up to `--store-retry` seconds (backoff 0.25 s doubling to 5 s)
 * for a server that is down or restarting before failing in one line naming host:port.
 */
import type { Command } from "commander";
import type { StoreBackend } from "../../store/backend.js";
import { type OpenStoreOptions, openStore } from "../../store/open.js";
import { RETRY_SECONDS } from "../../store/postgres/connect.js";
import { DEFAULT_DB } from "./options.js";

export interface StoreCliOptions {
  db: string;
  store?: string;
  storeRetry: string;
}

export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option("--db <file>", "DuckDB database file", DEFAULT_DB)
    .option(
      "--store <url>",
      "PostgreSQL/PostGIS store instead of the file: postgres://user@host:port/database",
    )
    .option(
      "--store-retry <seconds>",
      "with --store: how long to wait for an unreachable database server before giving up",
      String(RETRY_SECONDS),
    );
}

/** --store-retry in seconds (checked: a command may check it before it connects to anything else). */
export function storeRetrySeconds(opts: Pick<StoreCliOptions, "storeRetry">): number {
  const retrySeconds = Number(opts.storeRetry ?? RETRY_SECONDS);
  if (!(retrySeconds >= 0)) throw new Error(`bad --store-retry '${opts.storeRetry}': seconds >= 0`);
  return retrySeconds;
}

export function openCliStore(opts: StoreCliOptions, open: OpenStoreOptions = {}): Promise<StoreBackend> {
  const retrySeconds = storeRetrySeconds(opts);
  const onWait = (message: string) => process.stderr.write(`${message}\n`);
  return openStore({ db: opts.db, store: opts.store }, { ...open, retrySeconds, onWait });
}
