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
 * order files were ingested never shows. Static reports, a few per cent of rows, are
 * read column by column and merged in by time.
 */
import bindings from "@duckdb/node-bindings";
import { blankPosition, type Position, type Static } from "../model/records.js";
import type { BBox, TimeWindow } from "./queries.js";
import { setStoredPosition, storedStatic } from "./records.js";
import { LATLON_SCALE } from "./schema.js";
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
  `SELECT vid, (epoch_ms(t) + t_ms)::DOUBLE AS t, lat, lon, sog, cog, heading, nav_status, msg_type
   FROM positions p
   WHERE t >= make_timestamp($1::BIGINT * 1000000)::TIMESTAMP_S AND t < make_timestamp($2::BIGINT * 1000000)::TIMESTAMP_S${where}`;

type Column = Uint32Array | Float64Array | Int32Array | Uint16Array | Uint8Array;
type ColumnType = {
  new (n: number): Column;
  new (buffer: ArrayBufferLike, offset: number, length: number): Column;
  BYTES_PER_ELEMENT: number;
};

/** The position query's columns, in select order (vid becomes the vessel's MMSI rank). */
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
    for (let c = 0; c < TYPES.length; c++) {
      const bpe = TYPES[c].BYTES_PER_ELEMENT;
      const data = bindings.vector_get_data(bindings.data_chunk_get_vector(chunk.chunk, c), m * bpe);
      this.cols[c].set(new TYPES[c](data.buffer, data.byteOffset, m) as never, this.n);
    }
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

/** One window's static reports in time order, read column by column (no row objects). */
async function staticsIn(store: Store, a: number, b: number): Promise<Static[]> {
  const reader = await store.con.runAndReadAll(STATICS_SQL, [a, b]);
  const [
    mmsi,
    t,
    msgType,
    imo,
    callsign,
    name,
    shipType,
    toBow,
    toStern,
    toPort,
    toStarboard,
    draughtDm,
    dest,
  ] = reader.getColumnsJS() as (number | null)[][];
  const text = (v: unknown) => v as string | null;
  const out: Static[] = new Array(mmsi.length);
  for (let i = 0; i < mmsi.length; i++) {
    out[i] = storedStatic({
      mmsi: mmsi[i] as number,
      t: t[i] as number,
      msgType: msgType[i] as number,
      imo: imo[i],
      callsign: text(callsign[i]),
      name: text(name[i]),
      shipType: shipType[i],
      toBow: toBow[i],
      toStern: toStern[i],
      toPort: toPort[i],
      toStarboard: toStarboard[i],
      draughtDm: draughtDm[i],
      destination: text(dest[i]),
    });
  }
  return out;
}

/** Box condition on the stored integer lat/lon (edges included; minLon > maxLon crosses the antimeridian). */
function boxSql(box: BBox | undefined): string {
  if (box === undefined) return "";
  const s = (deg: number, up: boolean) => (up ? Math.floor : Math.ceil)(deg * LATLON_SCALE);
  const lat = ` AND p.lat BETWEEN ${s(box.minLat, false)} AND ${s(box.maxLat, true)}`;
  const [w, e] = [s(box.minLon, false), s(box.maxLon, true)];
  return (
    lat +
    (box.minLon <= box.maxLon ? ` AND p.lon BETWEEN ${w} AND ${e}` : ` AND (p.lon >= ${w} OR p.lon <= ${e})`)
  );
}

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

/** Calls `push` with every record in the window, in time order (positions before statics at one instant). */
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
  const sql = POSITIONS_SQL(boxSql(o.box));
  const { rankOfVid, mmsiOfRank } = await vesselRanks(store);
  const window = new WindowColumns();
  const order = new TimeOrder();
  const reused = o.reuse === true ? blankPosition() : null;
  for (let a = span.from; a < span.to; a += span.step) {
    const b = Math.min(span.to, a + span.step);
    stats.windows++;
    const statics = (await staticsIn(store, a, b)).filter((s) => s.t >= from && s.t <= to);
    window.n = 0;
    const result = await store.con.stream(sql, [a, b]);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      window.append(chunk, rankOfVid);
    }
    const n = window.n;
    const [rank, t, lat, lon, sog, cog, heading, nav, type] = window.cols;
    const perm = order.order(n, t as Float64Array, rank as Uint32Array, mmsiOfRank.length, a, b - a);
    let k = 0;
    let last = -1;
    for (let j = 0; j < n; j++) {
      const i = perm === null ? j : perm[j];
      const ti = t[i];
      while (k < statics.length && statics[k].t < ti) push(statics[k++]);
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
          mmsiOfRank[rank[i]],
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
