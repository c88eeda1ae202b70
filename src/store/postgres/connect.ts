/**
 * Connecting to PostgreSQL, and telling a lost connection from a failed statement.
 *
 * A server that is not there yet or restarting (connection refused or reset, "the
 * database system is starting up", an administrator's shutdown) is retried with
 * exponential backoff: 0.25 s, 0.5 s, 1 s, 2 s, 4 s, then every 5 s, for at most
 * `retrySeconds` in all (RETRY_SECONDS by default); then a one-line StoreError naming
 * host:port and the last reason. Anything else (bad password, no such database) fails
 * at once. Every session works in UTC, so day boundaries and timestamps read back are the
 * DuckDB store's.
 */
import pg from "pg";
import { StoreError } from "../store.js";

/** Default bound on waiting for a server to come back, in seconds. */
export const RETRY_SECONDS = 30;
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/** SQLSTATEs of a server going away or not ready: class 08 (connection), 57P01-57P03 (shutdown, starting up). */
const LOST_STATES = /^(08|57P0[123])/;
const LOST_ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//.test(s);
}

/** host:port/database of a URL, without user or password: what messages name. */
export function locationOf(url: string): string {
  try {
    const u = new URL(url);
    const db = u.pathname.replace(/^\//, "") || "postgres";
    return `${u.hostname || "localhost"}:${u.port || "5432"}/${db}`;
  } catch {
    throw new StoreError(
      `bad --store URL '${url.replace(/\/\/[^@/]*@/, "//")}': expected postgres://user@host:port/database`,
    );
  }
}

/** Whether `err` means the connection is gone (or the server not ready), so that a retry may succeed. */
export function isConnectionLoss(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string; errno?: string };
  if (typeof e.code === "string" && (LOST_ERRNOS.has(e.code) || LOST_STATES.test(e.code))) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|not queryable/i.test(
    e.message,
  );
}

export interface ConnectOptions {
  retrySeconds?: number;
  readOnly?: boolean;
  /** Told once, on the first failed attempt that will be retried (a command says it is waiting). */
  onWait?: (message: string) => void;
}

/** A darkfleet session's settings: UTC, read-only when asked (a pool's connections take them too). */
export function clientConfig(url: string, opts: ConnectOptions): pg.ClientConfig {
  return {
    connectionString: url,
    options: `-c TimeZone=UTC${opts.readOnly ? " -c default_transaction_read_only=on" : ""}`,
    application_name: "darkfleet",
  };
}

/** What a query can go through: a connection or a pool of them. */
export type Queryable = Pick<pg.Pool, "query">;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function reason(err: unknown): string {
  const e = err as Error & { code?: string };
  const msg = (e?.message ?? String(err)).split("\n")[0];
  if (e?.code === "ECONNREFUSED") return "connection refused";
  return msg || e?.code || "unknown error";
}

/**
 * A connected client, after bounded retries. Its 'error' events (the server closing an
 * idle connection) are kept, not thrown: the next query fails and is treated as a loss.
 */
export async function connect(url: string, opts: ConnectOptions = {}): Promise<pg.Client> {
  const where = locationOf(url);
  const budgetMs = (opts.retrySeconds ?? RETRY_SECONDS) * 1000;
  const started = Date.now();
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client(clientConfig(url, opts));
    client.on("error", () => undefined);
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      const waited = Date.now() - started;
      if (!isConnectionLoss(err) || waited + delay > budgetMs) {
        const tries = attempt > 1 ? ` (${attempt} tries over ${(waited / 1000).toFixed(0)} s)` : "";
        throw new StoreError(`${where}: cannot connect to PostgreSQL: ${reason(err)}${tries}`);
      }
      if (attempt === 1) opts.onWait?.(`${where}: ${reason(err)}; retrying for up to ${budgetMs / 1000} s`);
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
