/**
 * Appends ingest batches to an open store inside a long-running transaction, and commits
 * that transaction together with a source's progress (offset, line, counts) in the
 * ingest log: after a crash the file holds whole batches and an offset that matches them.
 *
 * Positions go in through DuckDB data chunks filled by copying whole typed-array slices
 * (one native call per column per 2048 rows), not value by value: this path carries
 * nearly every row. MMSIs become vessel numbers here (schema.ts), new ones registered in
 * the same transaction as the positions that first use them.
 */

import {
  type DuckDBAppender,
  DuckDBDataChunk,
  INTEGER,
  TIMESTAMP_S,
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
  TIMESTAMP_S,
  USMALLINT,
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
/** Index of t in columnsInOrder, which has one array for the two stored columns t and t_ms. */
const T_COLUMN = 1;

export class StoreWriter {
  private readonly chunk = DuckDBDataChunk.create(POSITION_TYPES, CHUNK_ROWS);
  private readonly vectors: bindings.Vector[];
  /** TIMESTAMP_S is int64 seconds: written as two int32 halves to avoid a BigInt per row. */
  private readonly seconds = new Int32Array(CHUNK_ROWS * 2);
  private readonly millis = new Uint16Array(CHUNK_ROWS);
  private readonly vids = new Uint32Array(CHUNK_ROWS);
  /** MMSIs given a vessel number since the last commit (forgotten again on rollback). */
  private newVessels: number[] = [];
  private inTransaction = false;
  /** Rows appended since the last commit. */
  pending = 0;

  private constructor(
    private readonly store: Store,
    private readonly positions: DuckDBAppender,
    private readonly statics: DuckDBAppender,
    private readonly vessels: DuckDBAppender,
    private readonly vesselIds: Map<number, number>,
  ) {
    this.vectors = POSITION_TYPES.map((_, i) => bindings.data_chunk_get_vector(this.chunk.chunk, i));
  }

  static async create(store: Store): Promise<StoreWriter> {
    const positions = await store.con.createAppender("positions");
    const statics = await store.con.createAppender("statics");
    const vessels = await store.con.createAppender("vessels");
    const ids = new Map<number, number>();
    for (const r of await store.rows<{ vid: number; mmsi: number }>("SELECT vid, mmsi FROM vessels"))
      ids.set(r.mmsi, r.vid);
    return new StoreWriter(store, positions, statics, vessels, ids);
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
      let v = 0;
      for (let c = 0; c < arrays.length; c++, v++) {
        if (c === T_COLUMN) {
          this.splitTime(cols.t, start, n);
          bindings.copy_data_to_vector(this.vectors[v], 0, this.seconds.buffer, 0, n * 8);
          v++;
          bindings.copy_data_to_vector(this.vectors[v], 0, this.millis.buffer, 0, n * 2);
        } else if (c === 0) {
          this.vesselNumbers(cols.mmsi, start, n);
          bindings.copy_data_to_vector(this.vectors[v], 0, this.vids.buffer, 0, n * 4);
        } else {
          const a = arrays[c];
          const bpe = a.BYTES_PER_ELEMENT;
          bindings.copy_data_to_vector(
            this.vectors[v],
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

  private vesselNumbers(mmsi: Uint32Array, start: number, n: number): void {
    const ids = this.vesselIds;
    for (let i = 0; i < n; i++) {
      const m = mmsi[start + i];
      let vid = ids.get(m);
      if (vid === undefined) {
        vid = ids.size + 1;
        ids.set(m, vid);
        this.newVessels.push(m);
        this.vessels.appendUInteger(vid);
        this.vessels.appendUInteger(m);
        this.vessels.endRow();
      }
      this.vids[i] = vid;
    }
  }

  private splitTime(t: Float64Array, start: number, n: number): void {
    const sec = this.seconds;
    const ms = this.millis;
    for (let i = 0; i < n; i++) {
      const s = Math.floor(t[start + i] / 1000);
      const hi = Math.floor(s / 4294967296);
      sec[2 * i] = s - hi * 4294967296;
      sec[2 * i + 1] = hi;
      ms[i] = t[start + i] - s * 1000;
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
    this.vessels.flushSync();
    this.positions.flushSync();
    this.statics.flushSync();
    await saveProgress(this.store, sourceId, progress);
    await this.store.con.run("COMMIT");
    this.inTransaction = false;
    this.pending = 0;
    this.newVessels = [];
    await this.begin();
  }

  /** Drops everything appended since the last commit. */
  async rollback(): Promise<void> {
    try {
      this.positions.clear();
      this.statics.clear();
      this.vessels.clear();
    } catch {
      // The appenders may already be unusable after the error that brought us here.
    }
    if (this.inTransaction) await this.store.con.run("ROLLBACK").catch(() => undefined);
    this.inTransaction = false;
    this.pending = 0;
    for (const m of this.newVessels) this.vesselIds.delete(m);
    this.newVessels = [];
  }

  /** Ends the open (empty) transaction and the appenders. */
  async close(): Promise<void> {
    if (this.inTransaction) await this.store.con.run("ROLLBACK").catch(() => undefined);
    this.inTransaction = false;
    this.positions.closeSync();
    this.statics.closeSync();
    this.vessels.closeSync();
  }
}
