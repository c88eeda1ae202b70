/**
 * Appends ingest batches to an open store inside a long-running transaction, and commits
 * that transaction together with a source's progress (offset, line, counts) in the
 * ingest log: after a crash the file holds whole batches and an offset that matches them.
 *
 * Positions go in through DuckDB data chunks filled by copying whole typed-array slices
 * (one native call per column per 2048 rows), not value by value: this path carries
 * nearly every row.
 */

import {
  type DuckDBAppender,
  DuckDBDataChunk,
  INTEGER,
  TIMESTAMP,
  timestampValue,
  UINTEGER,
  USMALLINT,
  UTINYINT,
} from "@duckdb/node-api";
import bindings from "@duckdb/node-bindings";
import { columnsInOrder, type PositionData, type StaticRow } from "./batch.js";
import { type SourceProgress, saveProgress } from "./ingest-log.js";
import type { Store } from "./store.js";

/** DuckDB's vector size: rows per data chunk. */
const CHUNK_ROWS = 2048;
const POSITION_TYPES = [
  UINTEGER,
  TIMESTAMP,
  INTEGER,
  INTEGER,
  USMALLINT,
  USMALLINT,
  USMALLINT,
  UTINYINT,
  UTINYINT,
  UTINYINT,
  UINTEGER,
  UINTEGER,
];
const T_COLUMN = 1;

export class StoreWriter {
  private readonly chunk = DuckDBDataChunk.create(POSITION_TYPES, CHUNK_ROWS);
  private readonly vectors: bindings.Vector[];
  /** TIMESTAMP is int64 microseconds: written as two int32 halves to avoid BigInt per row. */
  private readonly micros = new Int32Array(CHUNK_ROWS * 2);
  private inTransaction = false;
  /** Rows appended since the last commit. */
  pending = 0;

  private constructor(
    private readonly store: Store,
    private readonly positions: DuckDBAppender,
    private readonly statics: DuckDBAppender,
  ) {
    this.vectors = POSITION_TYPES.map((_, i) => bindings.data_chunk_get_vector(this.chunk.chunk, i));
  }

  static async create(store: Store): Promise<StoreWriter> {
    const positions = await store.con.createAppender("positions");
    const statics = await store.con.createAppender("statics");
    return new StoreWriter(store, positions, statics);
  }

  /** Opens the transaction that appends go into (again after each commit). */
  async begin(): Promise<void> {
    if (this.inTransaction) return;
    await this.store.con.run("BEGIN TRANSACTION");
    this.inTransaction = true;
  }

  private assertBegun(): void {
    if (!this.inTransaction) throw new Error("StoreWriter: append outside a transaction (call begin first)");
  }

  appendPositions(cols: PositionData): void {
    if (cols.n === 0) return;
    this.assertBegun();
    const arrays = columnsInOrder(cols);
    for (let start = 0; start < cols.n; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, cols.n - start);
      for (let c = 0; c < arrays.length; c++) {
        if (c === T_COLUMN) {
          this.writeMicros(cols.t, start, n);
          bindings.copy_data_to_vector(this.vectors[c], 0, this.micros.buffer, 0, n * 8);
        } else {
          const a = arrays[c];
          const bpe = a.BYTES_PER_ELEMENT;
          bindings.copy_data_to_vector(
            this.vectors[c],
            0,
            a.buffer as ArrayBuffer,
            a.byteOffset + start * bpe,
            n * bpe,
          );
        }
      }
      this.chunk.rowCount = n;
      this.positions.appendDataChunk(this.chunk);
    }
    this.pending += cols.n;
  }

  private writeMicros(t: Float64Array, start: number, n: number): void {
    const out = this.micros;
    for (let i = 0; i < n; i++) {
      const us = t[start + i] * 1000;
      const hi = Math.floor(us / 4294967296);
      out[2 * i] = us - hi * 4294967296;
      out[2 * i + 1] = hi;
    }
  }

  appendStatics(rows: readonly StaticRow[]): void {
    if (rows.length === 0) return;
    this.assertBegun();
    const a = this.statics;
    const str = (v: string | null) => (v === null ? a.appendNull() : a.appendVarchar(v));
    const num = (v: number | null, append: (x: number) => void) =>
      v === null ? a.appendNull() : append.call(a, v);
    for (const r of rows) {
      a.appendUInteger(r.mmsi);
      a.appendTimestamp(timestampValue(BigInt(r.t) * 1000n));
      a.appendUTinyInt(r.msgType);
      num(r.part, a.appendUTinyInt);
      num(r.imo, a.appendUInteger);
      str(r.callsign);
      str(r.name);
      num(r.shipType, a.appendUTinyInt);
      num(r.toBow, a.appendUSmallInt);
      num(r.toStern, a.appendUSmallInt);
      num(r.toPort, a.appendUTinyInt);
      num(r.toStarboard, a.appendUTinyInt);
      num(r.draughtDm, a.appendUTinyInt);
      str(r.destination);
      str(r.eta);
      a.appendUInteger(r.sourceId);
      a.appendUInteger(r.line);
      a.endRow();
    }
    this.pending += rows.length;
  }

  /** Commits everything appended since the last commit together with the source's progress. */
  async commit(sourceId: number, progress: SourceProgress): Promise<void> {
    await this.begin();
    this.positions.flushSync();
    this.statics.flushSync();
    await saveProgress(this.store, sourceId, progress);
    await this.store.con.run("COMMIT");
    this.inTransaction = false;
    this.pending = 0;
    await this.begin();
  }

  /** Drops everything appended since the last commit. */
  async rollback(): Promise<void> {
    try {
      this.positions.clear();
      this.statics.clear();
    } catch {
      // The appenders may already be unusable after the error that brought us here.
    }
    if (this.inTransaction) await this.store.con.run("ROLLBACK").catch(() => undefined);
    this.inTransaction = false;
    this.pending = 0;
  }

  /** Ends the open (empty) transaction and the appenders. */
  async close(): Promise<void> {
    if (this.inTransaction) await this.store.con.run("ROLLBACK").catch(() => undefined);
    this.inTransaction = false;
    this.positions.closeSync();
    this.statics.closeSync();
  }
}
