/**
 * Opening, versioning and closing a darkfleet DuckDB file. Every failure to open (file
 * locked by another process, not a DuckDB file or damaged, a schema newer than this
 * program) becomes a StoreError with a one-line message naming the file, raised before
 * anything is written.
 */
import { existsSync } from "node:fs";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { MIGRATIONS, SCHEMA_VERSION } from "./schema.js";

/**
 * DuckDB's buffer pool for a command that streams the whole store once (ingest, detect):
 * bounded, DuckDB reuses its buffers instead of caching every block it wrote or read.
 * Measured: ingest of 20M sentences peaked at 674 MB with 384MB and 446 MB with this, no
 * slower; detect over 10M stored positions took 10% less CPU than with DuckDB's default
 * (80% of RAM), whose fresh buffers each page-faulted in.
 */
export const STREAMING_MEMORY_LIMIT = "128MB";

export class StoreError extends Error {
  override name = "StoreError";
}

export interface OpenOptions {
  /** Query commands open read-only: they never create or change a file. */
  readOnly?: boolean;
  /** Stop migrating at this version (tests of the migration path). */
  targetVersion?: number;
  /** DuckDB's memory budget (e.g. "512MB"); beyond it DuckDB evicts and spills. Default: DuckDB's (80% of RAM). */
  memoryLimit?: string;
}

/** An open database file: the connection every store module works through. */
export class Store {
  private constructor(
    readonly path: string,
    readonly db: DuckDBInstance,
    readonly con: DuckDBConnection,
    readonly version: number,
    private readonly ownsDb = true,
  ) {}

  static async open(path: string, opts: OpenOptions = {}): Promise<Store> {
    if (opts.readOnly && !existsSync(path)) throw new StoreError(`${path}: no such database`);
    let db: DuckDBInstance;
    try {
      const config: Record<string, string> = opts.readOnly ? { access_mode: "READ_ONLY" } : {};
      if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
      db = await DuckDBInstance.create(path, config);
    } catch (err) {
      throw new StoreError(`${path}: ${describeOpenError(err)}`);
    }
    let con: DuckDBConnection | undefined;
    try {
      con = await db.connect();
      const version = await migrate(con, path, opts);
      return new Store(path, db, con, version);
    } catch (err) {
      con?.closeSync();
      db.closeSync();
      if (err instanceof StoreError) throw err;
      throw new StoreError(`${path}: ${firstLine(err)}`);
    }
  }

  /** Rows as plain objects; SQL must cast BIGINT/TIMESTAMP columns to DOUBLE to get numbers. */
  async rows<T>(sql: string, params: (string | number)[] = []): Promise<T[]> {
    const reader = await this.con.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  /**
   * Another connection to the same database, for reads beside a writer (an ingest holds a
   * long transaction on its connection); closing it closes only that connection.
   */
  async connection(): Promise<Store> {
    return new Store(this.path, this.db, await this.db.connect(), this.version, false);
  }

  close(): void {
    this.con.closeSync();
    if (this.ownsDb) this.db.closeSync();
  }
}

/** Runs `work` in one transaction on `con`: committed when it resolves, rolled back when it throws. */
export async function inTransaction(con: DuckDBConnection, work: () => Promise<void>): Promise<void> {
  await con.run("BEGIN TRANSACTION");
  try {
    await work();
    await con.run("COMMIT");
  } catch (err) {
    await con.run("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

async function migrate(con: DuckDBConnection, path: string, opts: OpenOptions): Promise<number> {
  const tables = await con.runAndReadAll(
    "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()",
  );
  const names = new Set(tables.getRowsJS().map((r) => String(r[0])));
  let version = 0;
  if (names.has("schema_version")) {
    const r = await con.runAndReadAll("SELECT max(version) FROM schema_version");
    version = Number(r.getRowsJS()[0][0] ?? 0);
  } else if (names.size > 0) {
    throw new StoreError(`${path}: a DuckDB file but not a darkfleet database`);
  }
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      `${path}: schema version ${version} is newer than this darkfleet supports (${SCHEMA_VERSION}); upgrade darkfleet`,
    );
  }
  const target = Math.min(opts.targetVersion ?? SCHEMA_VERSION, SCHEMA_VERSION);
  if (version >= target) return version;
  if (opts.readOnly) {
    throw new StoreError(
      `${path}: schema version ${version} is older than ${SCHEMA_VERSION}; run an ingest to migrate it`,
    );
  }
  await con.run("BEGIN TRANSACTION");
  try {
    for (let v = version; v < target; v++) {
      for (const sql of MIGRATIONS[v]) await con.run(sql);
      await con.run("INSERT INTO schema_version VALUES ($1, now()::TIMESTAMP)", [v + 1]);
    }
    await con.run("COMMIT");
  } catch (err) {
    await con.run("ROLLBACK").catch(() => undefined);
    throw err;
  }
  return target;
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0];
}

function describeOpenError(err: unknown): string {
  const msg = firstLine(err);
  if (/not a valid DuckDB|Corrupt|checksum|magic|serializ|version number/i.test(msg)) {
    return `not a readable darkfleet database (damaged or not a DuckDB file): ${msg}`;
  }
  if (/could not set lock|conflicting lock/i.test(msg))
    return "locked by another process (is an ingest running?)";
  return msg;
}
