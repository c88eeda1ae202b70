/**
 * Replays the store as one time-ordered stream of positions and static reports (what
 * `darkfleet detect --db` feeds the detectors), memory-bounded however large the table.
 *
 * The time range is cut into windows of about `windowRows` positions, each one query
 * whose filter on t lets the zone maps skip the row groups outside it, so memory and
 * work per position stay flat however large the table. Positions are read column-wise
 * from DuckDB's data chunks as typed arrays (no per-value boxing), the way writer.ts
 * appends them, and put in (time, MMSI) order here (time-order.ts): MMSI is the
 * detectors' own tie order (detect/reorder.ts), so which file a row came from or in what
 * order files were ingested never shows; a vessel's rows at one instant are then put in
 * the order of their other fields. Static reports, a few per cent of rows, are read
 * column by column and merged in by (time, MMSI), so the stream is in the detectors' total
 * order and they take each record as it comes.
 */
import bindings from "@duckdb/node-bindings";
import { compareRecords } from "../detect/reorder.js";
import { blankPosition, type Position, type Static } from "../model/records.js";
import { type BBox, boxSql, type TimeWindow } from "./queries.js";
import { setStoredPosition, storedStatic } from "./records.js";
import { LATLON_SCALE, NA_COG, NA_HEADING, NA_SOG, NA_STATUS } from "./schema.js";
import type { Store } from "./store.js";
import { TimeOrder } from "./time-order.js";

export interface ReplayOptions extends TimeWindow {
  /** Positions outside the box are left out (static reports have no position and stay). */
  box?: BBox;
  /** Positions per window query (memory and sort size). */
  windowRows?: number;
  /**
   * Pass every position in one Position object, overwritten for the next row: for a
   * `push` that keeps nothing it is given (DetectRunner.pushOrdered copies what it keeps).
   * Saves allocating and collecting one object per row.
   */
  reuse?: boolean;
}

export interface ReplayStats {
  positions: number;
  /** Rows left out as copies of the row before them. */
  duplicates: number;
  statics: number;
  windows: number;
}

const DEFAULT_WINDOW_ROWS = 1_000_000;
const MIN_WINDOW_S = 60;

const POSITIONS_SQL = (where: string) =>
  `SELECT vid, t, t_ms, lat, lon, sog, cog, heading, nav_status, msg_type
   FROM positions p
   WHERE t >= make_timestamp($1::BIGINT * 1000000)::TIMESTAMP_S AND t < make_timestamp($2::BIGINT * 1000000)::TIMESTAMP_S${where}`;

type Column = Uint32Array | Float64Array | Int32Array | Uint16Array | Uint8Array;
type ColumnType = {
  new (n: number): Column;
  new (buffer: ArrayBufferLike, offset: number, length: number): Column;
  BYTES_PER_ELEMENT: number;
};

/**
 * A window's columns: the position query's, except that t (whole seconds, an int64 in the
 * vector) and t_ms (vectors 1 and 2) become one column of epoch ms; vid becomes the
 * vessel's MMSI rank.
 */
const TYPES: ColumnType[] = [
  Uint32Array,
  Float64Array,
  Int32Array,
  Int32Array,
  Uint16Array,
  Uint16Array,
  Uint16Array,
  Uint8Array,
  Uint8Array,
];

/** One window's positions as columns, grown as needed and reused for the next window. */
class WindowColumns {
  n = 0;
  cols: Column[] = TYPES.map((T) => new T(1 << 16));

  append(chunk: { chunk: bindings.DataChunk; rowCount: number }, rankOfVid: Uint32Array): void {
    const m = chunk.rowCount;
    if (this.n + m > this.cols[0].length) {
      const size = Math.max(2 * this.cols[0].length, this.n + m);
      this.cols = this.cols.map((old, c) => {
        const grown = new TYPES[c](size);
        grown.set(old.subarray(0, this.n));
        return grown;
      });
    }
    const vector = (c: number, bytes: number) =>
      bindings.vector_get_data(bindings.data_chunk_get_vector(chunk.chunk, c), m * bytes);
    for (let c = 0; c < TYPES.length; c++) {
      if (c === 1) continue;
      const bpe = TYPES[c].BYTES_PER_ELEMENT;
      const data = vector(c === 0 ? 0 : c + 1, bpe);
      this.cols[c].set(new TYPES[c](data.buffer, data.byteOffset, m) as never, this.n);
    }
    // Fast path (profile: DuckDB's epoch_ms(t) + t_ms cast to DOUBLE cost a sixth of its
    // scan): the same sum here, exact in a double, the int64 read as two 32-bit halves
    // (little-endian, as the driver itself assumes).
    const sec = vector(1, 8);
    const halves = new Uint32Array(sec.buffer, sec.byteOffset, 2 * m);
    const signed = new Int32Array(sec.buffer, sec.byteOffset, 2 * m);
    const msData = vector(2, 2);
    const ms = new Uint16Array(msData.buffer, msData.byteOffset, m);
    const t = this.cols[1];
    for (let i = 0; i < m; i++)
      t[this.n + i] = (signed[2 * i + 1] * 4294967296 + halves[2 * i]) * 1000 + ms[i];
    const rank = this.cols[0];
    for (let i = this.n; i < this.n + m; i++) rank[i] = rankOfVid[rank[i]];
    this.n += m;
  }
}

/** Vessel numbers to MMSI ranks (MMSI order) and back to MMSIs. */
async function vesselRanks(store: Store): Promise<{ rankOfVid: Uint32Array; mmsiOfRank: Uint32Array }> {
  const rows = await store.rows<{ vid: number; mmsi: number }>("SELECT vid, mmsi FROM vessels ORDER BY mmsi");
  const rankOfVid = new Uint32Array(rows.reduce((m, r) => Math.max(m, r.vid), 0) + 1);
  const mmsiOfRank = new Uint32Array(rows.length);
  rows.forEach((r, i) => {
    rankOfVid[r.vid] = i;
    mmsiOfRank[i] = r.mmsi;
  });
  return { rankOfVid, mmsiOfRank };
}

const STATICS_SQL = `SELECT mmsi, epoch_ms(t)::DOUBLE AS t, msg_type, imo, callsign, name, ship_type, to_bow, to_stern,
     to_port, to_starboard, draught_dm, destination
   FROM statics WHERE t >= make_timestamp($1::BIGINT * 1000000) AND t < make_timestamp($2::BIGINT * 1000000)
   ORDER BY t, mmsi, msg_type, line`;

/** Bytes per string_t: a 4-byte length, then the string inline up to 12 bytes, else a 4-byte prefix and a pointer. */
const STRING_T = 16;
const INLINE_MAX = 12;
const UTF8 = new TextDecoder();

/**
 * One VARCHAR column of a data chunk, read from DuckDB's string_t array. Fast path
 * (profile: the driver's per-value conversion and TextDecoder on every string were most of
 * the cost of static reports): short strings are decoded from the inline bytes, long ones
 * fetched through their pointer; TextDecoder only where it would drop a leading BOM.
 */
class TextColumn {
  private readonly data: Buffer;
  private readonly len: Uint32Array;
  private readonly valid: Uint8Array | null;

  constructor(vector: bindings.Vector, n: number) {
    const raw = bindings.vector_get_data(vector, n * STRING_T);
    this.data = toBuffer(raw);
    this.len = new Uint32Array(raw.buffer, raw.byteOffset, n * (STRING_T / 4));
    this.valid = bindings.vector_get_validity(vector, Math.ceil(n / 64) * 8);
  }

  at(i: number): string | null {
    if (!isValid(this.valid, i)) return null;
    const len = this.len[i * (STRING_T / 4)];
    const o = i * STRING_T;
    const bytes =
      len <= INLINE_MAX
        ? this.data.subarray(o + 4, o + 4 + len)
        : toBuffer(
            bindings.get_data_from_pointer(
              this.data.buffer as ArrayBuffer,
              this.data.byteOffset + o + 8,
              len,
            ),
          );
    // TextDecoder (what the driver used) strips a leading UTF-8 BOM; Buffer does not.
    return bytes[0] === 0xef ? UTF8.decode(bytes) : bytes.toString("utf8");
  }
}

const toBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Validity bits as DuckDB keeps them (null: every row valid). */
const isValid = (v: Uint8Array | null, i: number): boolean =>
  v === null || (v[i >> 3] & (1 << (i & 7))) !== 0;

/** One numeric column of a data chunk (nullable ones give null where DuckDB has NULL). */
function numbers<T extends Column>(
  T: ColumnType,
  vector: bindings.Vector,
  n: number,
): { v: T; valid: Uint8Array | null } {
  const raw = bindings.vector_get_data(vector, n * T.BYTES_PER_ELEMENT);
  return {
    v: new T(raw.buffer, raw.byteOffset, n) as T,
    valid: bindings.vector_get_validity(vector, Math.ceil(n / 64) * 8),
  };
}

/** One window's static reports in time order, read column by column from DuckDB's vectors. */
async function staticsIn(store: Store, a: number, b: number, from: number, to: number): Promise<Static[]> {
  const result = await store.con.stream(STATICS_SQL, [a, b]);
  const out: Static[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    const vec = (c: number) => bindings.data_chunk_get_vector(chunk.chunk, c);
    const num = (T: ColumnType, c: number) => numbers(T, vec(c), n);
    const text = (c: number) => new TextColumn(vec(c), n);
    const [mmsi, t, msgType] = [num(Uint32Array, 0).v, num(Float64Array, 1).v, num(Uint8Array, 2).v];
    const imo = num(Uint32Array, 3);
    const [callsign, name] = [text(4), text(5)];
    const shipType = num(Uint8Array, 6);
    const toBow = num(Uint16Array, 7);
    const toStern = num(Uint16Array, 8);
    const toPort = num(Uint8Array, 9);
    const toStarboard = num(Uint8Array, 10);
    const draughtDm = num(Uint8Array, 11);
    const dest = text(12);
    const get = (c: { v: Column; valid: Uint8Array | null }, i: number) =>
      isValid(c.valid, i) ? c.v[i] : null;
    for (let i = 0; i < n; i++) {
      if (t[i] < from || t[i] > to) continue;
      out.push(
        storedStatic({
          mmsi: mmsi[i],
          t: t[i],
          msgType: msgType[i],
          imo: get(imo, i),
          callsign: callsign.at(i),
          name: name.at(i),
          shipType: get(shipType, i),
          toBow: get(toBow, i),
          toStern: get(toStern, i),
          toPort: get(toPort, i),
          toStarboard: get(toStarboard, i),
          draughtDm: get(draughtDm, i),
          destination: dest.at(i),
        }),
      );
    }
  }
  return out;
}

/** A nullable stored field as a sort key: NULL (its NA value) first, as compareRecords puts null. */
const nullFirst = (v: number, na: number): number => (v === na ? -1 : v);

/**
 * Puts runs of rows of one vessel at one instant (copies heard by several receivers, a
 * clone) in compareRecords' order of their fields, which the stored integers keep
 * (degrees and knots are the stored values over positive constants). One per window,
 * holding its columns: no closure per run (profile: a fifth of the replay's garbage).
 */
class RunOrder {
  private readonly rank: Column;
  private readonly t: Column;
  private readonly lat: Column;
  private readonly lon: Column;
  private readonly sog: Column;
  private readonly cog: Column;
  private readonly heading: Column;
  private readonly nav: Column;
  private readonly type: Column;

  constructor(cols: Column[]) {
    [this.rank, this.t, this.lat, this.lon, this.sog, this.cog, this.heading, this.nav, this.type] = cols;
  }

  /** Sorts the run that starts at `perm[j]` and returns its end. Runs are a few rows: an insertion sort. */
  sort(perm: Uint32Array, j: number, n: number): number {
    const { t, rank } = this;
    const first = perm[j];
    let end = j + 1;
    for (; end < n && t[perm[end]] === t[first] && rank[perm[end]] === rank[first]; end++) {
      const r = perm[end];
      let m = end - 1;
      while (m >= j && this.compare(perm[m], r) > 0) {
        perm[m + 1] = perm[m];
        m--;
      }
      perm[m + 1] = r;
    }
    return end;
  }

  private compare(x: number, y: number): number {
    const { lat, lon, sog, cog, heading, nav, type } = this;
    return (
      type[x] - type[y] ||
      lat[x] - lat[y] ||
      lon[x] - lon[y] ||
      nullFirst(sog[x], NA_SOG) - nullFirst(sog[y], NA_SOG) ||
      nullFirst(cog[x], NA_COG) - nullFirst(cog[y], NA_COG) ||
      nullFirst(heading[x], NA_HEADING) - nullFirst(heading[y], NA_HEADING) ||
      nullFirst(nav[x], NA_STATUS) - nullFirst(nav[y], NA_STATUS)
    );
  }
}

/** Box condition on the stored integer lat/lon: lower edges rounded up, upper down (the same rows as in degrees). */
const storedBoxSql = (box: BBox | undefined): string =>
  box === undefined
    ? ""
    : ` AND ${boxSql(box, "p.lat", "p.lon", (deg, lower) => String((lower ? Math.ceil : Math.floor)(deg * LATLON_SCALE)))}`;

/**
 * Whole seconds [from, to) the store's records span inside the window, and the seconds a
 * window of `target` positions takes at the store's average density.
 */
async function extent(
  store: Store,
  o: ReplayOptions,
  target: number,
): Promise<{ from: number; to: number; step: number } | null> {
  const [r] = await store.rows<{ lo: number | null; hi: number | null; n: number }>(
    `SELECT min(lo)::DOUBLE AS lo, max(hi)::DOUBLE AS hi, sum(n)::DOUBLE AS n FROM (
       SELECT epoch(min(t)) AS lo, epoch(max(t)) AS hi, count(*) AS n FROM positions
       UNION ALL SELECT epoch(min(t)), epoch(max(t)), 0 FROM statics)`,
  );
  if (r.lo === null || r.hi === null) return null;
  const lo = Math.floor(r.lo);
  const hi = Math.floor(r.hi) + 1;
  const from = Math.max(lo, o.from === undefined ? -Infinity : Math.floor(o.from / 1000));
  const to = Math.min(hi, o.to === undefined ? Infinity : Math.floor(o.to / 1000) + 1);
  const step = Math.max(MIN_WINDOW_S, Math.ceil(((hi - lo) * target) / Math.max(1, r.n)));
  return from < to ? { from, to, step } : null;
}

/**
 * Calls `push` with every record in the window, in the detectors' total order
 * (detect/reorder.ts compareRecords: time, MMSI, a vessel's positions before its static
 * reports, then every field), exact copies of a position left out: what
 * DetectRunner.pushOrdered takes.
 */
export async function replay(
  store: Store,
  o: ReplayOptions,
  push: (r: Position | Static) => void,
): Promise<ReplayStats> {
  const stats: ReplayStats = { positions: 0, duplicates: 0, statics: 0, windows: 0 };
  const span = await extent(store, o, o.windowRows ?? DEFAULT_WINDOW_ROWS);
  if (span === null) return stats;
  const from = o.from ?? Number.NEGATIVE_INFINITY;
  const to = o.to ?? Number.POSITIVE_INFINITY;
  const sql = POSITIONS_SQL(storedBoxSql(o.box));
  const { rankOfVid, mmsiOfRank } = await vesselRanks(store);
  const window = new WindowColumns();
  const order = new TimeOrder();
  const reused = o.reuse === true ? blankPosition() : null;
  for (let a = span.from; a < span.to; a += span.step) {
    const b = Math.min(span.to, a + span.step);
    stats.windows++;
    // SQL gives (time, MMSI) order; ties go in the detectors' order (a stable sort: nearly linear)
    const statics = (await staticsIn(store, a, b, from, to)).sort(compareRecords);
    window.n = 0;
    const result = await store.con.stream(sql, [a, b]);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      window.append(chunk, rankOfVid);
    }
    const n = window.n;
    const [rank, t, lat, lon, sog, cog, heading, nav, type] = window.cols;
    let perm = order.order(n, t as Float64Array, rank as Uint32Array, mmsiOfRank.length, a, b - a);
    const runs = new RunOrder(window.cols);
    let runEnd = 0;
    let k = 0;
    let last = -1;
    for (let j = 0; j < n; j++) {
      let i = perm === null ? j : perm[j];
      if (j >= runEnd && j + 1 < n) {
        const next = perm === null ? j + 1 : perm[j + 1];
        if (t[next] === t[i] && rank[next] === rank[i]) {
          perm ??= order.identity(n);
          runEnd = runs.sort(perm, j, n);
          i = perm[j];
        }
      }
      const ti = t[i];
      const mmsi = mmsiOfRank[rank[i]];
      // statics go in by (time, MMSI), after the positions of their own vessel and instant
      while (k < statics.length && (statics[k].t < ti || (statics[k].t === ti && statics[k].mmsi < mmsi)))
        push(statics[k++]);
      if (ti < from || ti > to) continue;
      // A row equal to the previous one in every field a Position has (copies that differ
      // only in what is not replayed) is one the detectors would drop: skip making it.
      if (
        last >= 0 &&
        ti === t[last] &&
        rank[i] === rank[last] &&
        lat[i] === lat[last] &&
        lon[i] === lon[last] &&
        sog[i] === sog[last] &&
        cog[i] === cog[last] &&
        heading[i] === heading[last] &&
        nav[i] === nav[last] &&
        type[i] === type[last]
      ) {
        stats.duplicates++;
        continue;
      }
      last = i;
      push(
        setStoredPosition(
          reused ?? blankPosition(),
          mmsi,
          ti,
          lat[i],
          lon[i],
          sog[i],
          cog[i],
          heading[i],
          nav[i],
          type[i],
        ),
      );
      stats.positions++;
    }
    while (k < statics.length) push(statics[k++]);
    stats.statics += statics.length;
  }
  return stats;
}
