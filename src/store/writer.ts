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
  type DuckDBType,
  INTEGER,
  TIMESTAMP,
  TIMESTAMP_S,
  UINTEGER,
  USMALLINT,
  UTINYINT,
  VARCHAR,
} from "@duckdb/node-api";
import bindings from "@duckdb/node-bindings";
import { columnsInOrder, type PositionData, type StaticRow } from "./batch.js";
import { int64Halves } from "./duckdb-raw.js";
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

/** The statics table's columns in order: DuckDB type, how each is read from a StaticRow, and its vector's element type. */
type StaticColumn = { type: DuckDBType } & (
  | { text: (r: StaticRow) => string | null }
  | {
      num: (r: StaticRow) => number | null;
      array: Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor;
    }
);
const STATIC_COLUMNS: StaticColumn[] = [
  { type: UINTEGER, num: (r) => r.mmsi, array: Uint32Array },
  { type: TIMESTAMP, num: (r) => r.t, array: Uint32Array }, // int64 µs, written as halves (int64Halves)
  { type: UTINYINT, num: (r) => r.msgType, array: Uint8Array },
  { type: UTINYINT, num: (r) => r.part, array: Uint8Array },
  { type: UINTEGER, num: (r) => r.imo, array: Uint32Array },
  { type: VARCHAR, text: (r) => r.callsign },
  { type: VARCHAR, text: (r) => r.name },
  { type: UTINYINT, num: (r) => r.shipType, array: Uint8Array },
  { type: USMALLINT, num: (r) => r.toBow, array: Uint16Array },
  { type: USMALLINT, num: (r) => r.toStern, array: Uint16Array },
  { type: UTINYINT, num: (r) => r.toPort, array: Uint8Array },
  { type: UTINYINT, num: (r) => r.toStarboard, array: Uint8Array },
  { type: UTINYINT, num: (r) => r.draughtDm, array: Uint8Array },
  { type: VARCHAR, text: (r) => r.destination },
  { type: VARCHAR, text: (r) => r.eta },
  { type: UINTEGER, num: (r) => r.sourceId, array: Uint32Array },
  { type: UINTEGER, num: (r) => r.line, array: Uint32Array },
];
const T_STATIC = 1;

/**
 * Vessel numbers by MMSI in typed arrays (open addressing): a Map lookup per position was
 * a tenth of the store thread's time (profiled). MMSIs are 30-bit, so 0 can mark empty.
 */
class VesselIds {
  private mmsis = new Uint32Array(1 << 14);
  private vids = new Uint32Array(1 << 14);
  size = 0;

  get(mmsi: number): number {
    const { mmsis, vids } = this;
    const mask = mmsis.length - 1;
    for (let i = Math.imul(mmsi, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const m = mmsis[i];
      if (m === mmsi) return vids[i];
      if (m === 0) return 0;
    }
  }

  set(mmsi: number, vid: number): void {
    if (2 * (this.size + 1) > this.mmsis.length) this.rebuild(this.mmsis.length * 2, () => true);
    const { mmsis } = this;
    const mask = mmsis.length - 1;
    let i = Math.imul(mmsi, 0x9e3779b1) & mask;
    while (mmsis[i] !== 0 && mmsis[i] !== mmsi) i = (i + 1) & mask;
    if (mmsis[i] === 0) this.size++;
    mmsis[i] = mmsi;
    this.vids[i] = vid;
  }

  /** Forgets every MMSI numbered above `maxVid` (a rolled back transaction's). */
  forgetAbove(maxVid: number): void {
    this.rebuild(this.mmsis.length, (vid) => vid <= maxVid);
  }

  private rebuild(capacity: number, keep: (vid: number) => boolean): void {
    const { mmsis, vids } = this;
    this.mmsis = new Uint32Array(capacity);
    this.vids = new Uint32Array(capacity);
    this.size = 0;
    for (let i = 0; i < mmsis.length; i++) if (mmsis[i] !== 0 && keep(vids[i])) this.set(mmsis[i], vids[i]);
  }
}

export class StoreWriter {
  private readonly chunk = DuckDBDataChunk.create(POSITION_TYPES, CHUNK_ROWS);
  private readonly vectors: bindings.Vector[];
  /** TIMESTAMP_S is int64 seconds: written as two int32 halves to avoid a BigInt per row. */
  private readonly seconds = new Int32Array(CHUNK_ROWS * 2);
  private readonly millis = new Uint16Array(CHUNK_ROWS);
  private readonly vids = new Uint32Array(CHUNK_ROWS);
  private readonly staticChunk = DuckDBDataChunk.create(
    STATIC_COLUMNS.map((c) => c.type),
    CHUNK_ROWS,
  );
  /** One scratch array per static column (strings go straight into their vector). */
  private readonly staticValues = STATIC_COLUMNS.map((c, i) =>
    i === T_STATIC ? new Int32Array(CHUNK_ROWS * 2) : "array" in c ? new c.array(CHUNK_ROWS) : null,
  );
  /** Validity mask scratch: bit i of the (little-endian) 64-bit words is row i. */
  private readonly validity = new Uint32Array(CHUNK_ROWS / 32);
  /** Vessels numbered when the last commit was made (those above are forgotten on rollback). */
  private committedVessels: number;
  private inTransaction = false;
  /** Rows appended since the last commit. */
  pending = 0;

  private constructor(
    private readonly store: Store,
    private readonly positions: DuckDBAppender,
    private readonly statics: DuckDBAppender,
    private readonly vessels: DuckDBAppender,
    private readonly vesselIds: VesselIds,
  ) {
    this.vectors = POSITION_TYPES.map((_, i) => bindings.data_chunk_get_vector(this.chunk.chunk, i));
    this.committedVessels = vesselIds.size;
  }

  static async create(store: Store): Promise<StoreWriter> {
    // DuckDB's work on its own threads only competed with the decode worker for the second
    // core, and cost more in all (-30% CPU appending with 1 thread instead of 2, measured).
    await store.con.run("SET threads = 1");
    const positions = await store.con.createAppender("positions");
    const statics = await store.con.createAppender("statics");
    const vessels = await store.con.createAppender("vessels");
    const ids = new VesselIds();
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
      if (vid === 0) {
        vid = ids.size + 1;
        ids.set(m, vid);
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
      int64Halves(s, sec, i);
      ms[i] = t[start + i] - s * 1000;
    }
  }

  /** Static rows through a data chunk too: value-by-value appends cost 1.6 µs a row (profiled). */
  appendStatics(rows: readonly StaticRow[]): void {
    if (rows.length === 0) return;
    this.assertBegun();
    const chunk = this.staticChunk.chunk;
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows.length - start);
      // Reset drops the previous chunk's strings and validity masks.
      bindings.data_chunk_reset(chunk);
      for (let c = 0; c < STATIC_COLUMNS.length; c++) {
        const vector = bindings.data_chunk_get_vector(chunk, c);
        const col = STATIC_COLUMNS[c];
        const valid = this.validity.fill(0xffffffff);
        let nulls = 0;
        if ("text" in col) {
          for (let i = 0; i < n; i++) {
            const v = col.text(rows[start + i]);
            if (v === null) {
              valid[i >>> 5] &= ~(1 << (i & 31));
              nulls++;
            } else bindings.vector_assign_string_element(vector, i, v);
          }
        } else {
          const out = this.staticValues[c] as Uint8Array | Uint16Array | Uint32Array | Int32Array;
          for (let i = 0; i < n; i++) {
            const v = col.num(rows[start + i]);
            if (v === null) {
              valid[i >>> 5] &= ~(1 << (i & 31));
              nulls++;
            } else if (c === T_STATIC) int64Halves(v * 1000, out as Int32Array, i);
            else out[i] = v;
          }
          const bytes = c === T_STATIC ? 8 : out.BYTES_PER_ELEMENT;
          bindings.copy_data_to_vector(vector, 0, out.buffer as ArrayBuffer, 0, n * bytes);
        }
        if (nulls > 0) {
          bindings.vector_ensure_validity_writable(vector);
          bindings.copy_data_to_vector_validity(vector, 0, valid.buffer, 0, Math.ceil(n / 64) * 8);
        }
      }
      this.staticChunk.rowCount = n;
      this.statics.appendDataChunk(this.staticChunk);
    }
    this.pending += rows.length;
  }

  /** Commits everything appended since the last commit together with the source's progress. */
  async commit(sourceId: number, progress: SourceProgress): Promise<void> {
    await this.commitWith(() => saveProgress(this.store, sourceId, progress));
  }

  /** Commits everything appended since the last commit together with what `record` writes (on the store's connection). */
  async commitWith(record: () => Promise<void>): Promise<void> {
    await this.begin();
    this.vessels.flushSync();
    this.positions.flushSync();
    this.statics.flushSync();
    await record();
    await this.store.con.run("COMMIT");
    this.inTransaction = false;
    this.pending = 0;
    this.committedVessels = this.vesselIds.size;
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
    this.vesselIds.forgetAbove(this.committedVessels);
  }

  /** Ends the open (empty) transaction and the appenders. */
  async close(): Promise<void> {
    if (this.inTransaction) await this.store.con.run("ROLLBACK").catch(() => undefined);
    this.inTransaction = false;
    this.positions.closeSync();
    this.statics.closeSync();
    this.vessels.closeSync();
    // Never in the way of the error that may have brought us here.
    await this.store.con.run("RESET threads").catch(() => undefined);
  }
}
