/**
 * What the worker's store side (apply.ts) needs of a store, over the DuckDB file or
 * PostgreSQL: reads, the ingest log, and a row writer that commits its rows together with
 * what the caller writes (the message ids in bus_applied, a source's progress) in one
 * transaction.
 */

import type { PositionData, StaticRow } from "../store/batch.js";
import type { SourceEntry, SourceProgress } from "../store/ingest-log.js";
import { createSource, findSource, saveProgress } from "../store/ingest-log.js";
import type { PgStore } from "../store/postgres/backend.js";
import * as pgLog from "../store/postgres/ingest-log.js";
import type { Store } from "../store/store.js";
import { StoreWriter } from "../store/writer.js";

/** Writes inside a ledger writer's commit transaction. */
export interface LedgerTx {
  run(sql: string, params: unknown[]): Promise<void>;
  saveProgress(sourceId: number, progress: SourceProgress): Promise<void>;
}

/** Both stores' row writers are one (StoreWriter, PgRowWriter). */
export interface LedgerWriter {
  appendPositions(cols: PositionData): void;
  appendStatics(rows: readonly StaticRow[]): void;
  /** Commits the rows appended since the last commit together with what `record` writes (through the ledger's tx). */
  commitWith(record: () => Promise<void>): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

export interface BusLedger {
  /** Where the store is, for messages. */
  readonly location: string;
  /** Writes for a writer's commitWith record, on the connection the writer commits on. */
  readonly tx: LedgerTx;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
  findSource(key: string): Promise<SourceEntry | null>;
  /** Registers a source; another worker's registering it at the same moment is no error. */
  createSource(name: string, kind: string, key: string): Promise<SourceEntry>;
  openWriter(): Promise<LedgerWriter>;
  /** Whether `err` is a lost connection (PostgreSQL restarting) that reconnect() may cure. */
  isConnectionLoss(err: unknown): boolean;
  /** Connects again, within the store's bounded retries; writers opened before are gone. */
  reconnect(): Promise<void>;
}

export function duckLedger(store: Store): BusLedger {
  const tx: LedgerTx = {
    run: (sql, params) => store.con.run(sql, params as never).then(() => undefined),
    saveProgress: (id, p) => saveProgress(store, id, p),
  };
  return {
    location: store.path,
    tx,
    rows: (sql, params) => store.rows(sql, params as never),
    findSource: (key) => findSource(store, key),
    createSource: (name, kind, key) => createSource(store, name, kind, key),
    async openWriter() {
      const writer = await StoreWriter.create(store);
      await writer.begin();
      return writer;
    },
    // a file does not go away and come back
    isConnectionLoss: () => false,
    reconnect: async () => undefined,
  };
}

/** SQLSTATE of a unique violation: the source's key registered by another worker meanwhile. */
const UNIQUE_VIOLATION = "23505";

export function pgLedger(store: PgStore): BusLedger {
  const client = () => store.connection();
  const tx: LedgerTx = {
    run: (sql, params) =>
      client()
        .query(sql, params)
        .then(() => undefined),
    saveProgress: (id, p) => pgLog.saveProgress(client(), id, p),
  };
  return {
    location: store.location,
    tx,
    rows: async <T>(sql: string, params?: unknown[]) => (await client().query(sql, params)).rows as T[],
    findSource: (key) => pgLog.findSource(client(), key),
    async createSource(name, kind, key) {
      try {
        return await pgLog.createSource(client(), name, kind, key);
      } catch (err) {
        const again =
          (err as { code?: string }).code === UNIQUE_VIOLATION ? await pgLog.findSource(client(), key) : null;
        if (again === null) throw err;
        return again;
      }
    },
    openWriter: () => store.openWriter(),
    isConnectionLoss: (err) => store.isConnectionLoss(err),
    reconnect: () => store.reconnect(),
  };
}
