/**
 * Replays the store as one time-ordered stream of positions and static reports (what
 * `darkfleet detect --db` feeds the detectors), memory-bounded however large the table.
 *
 * The time range is cut into windows of about `windowRows` positions; each window is one
 * sorted query, so DuckDB never sorts the whole table and the zone maps on t skip the
 * row groups outside it. Ties are broken by MMSI, the detectors' own order (detect/
 * reorder.ts), so which file a row came from or in what order files were ingested never
 * shows. Positions are read column-wise from DuckDB's data chunks as typed arrays (no
 * per-value boxing), the way writer.ts appends them; static reports, a few per cent of
 * rows, come as row objects and are merged in by time.
 */
import bindings from "@duckdb/node-bindings";
import type { Position, Static } from "../model/records.js";
import type { BBox, TimeWindow } from "./queries.js";
import { storedPosition, storedStatic } from "./records.js";
import { LATLON_SCALE } from "./schema.js";
import type { Store } from "./store.js";

export interface ReplayOptions extends TimeWindow {
  /** Positions outside the box are left out (static reports have no position and stay). */
  box?: BBox;
  /** Positions per window query (memory and sort size). */
  windowRows?: number;
}

export interface ReplayStats {
  positions: number;
  statics: number;
  windows: number;
}

const DEFAULT_WINDOW_ROWS = 1_000_000;
const MIN_WINDOW_S = 60;

/** Bytes per value of the position query's columns, in select order. */
const WIDTHS = [4, 8, 4, 4, 2, 2, 2, 1, 1];

const POSITIONS_SQL = (where: string) =>
  `SELECT v.mmsi, (epoch_ms(p.t) + p.t_ms)::DOUBLE AS t, p.lat, p.lon, p.sog, p.cog, p.heading, p.nav_status, p.msg_type
   FROM positions p JOIN vessels v USING (vid)
   WHERE p.t >= make_timestamp($1::BIGINT * 1000000)::TIMESTAMP_S AND p.t < make_timestamp($2::BIGINT * 1000000)::TIMESTAMP_S${where}
   ORDER BY p.t, p.t_ms, v.mmsi`;

const STATICS_SQL = `SELECT mmsi, epoch_ms(t)::DOUBLE AS t, msg_type, imo, callsign, name, ship_type, to_bow, to_stern,
     to_port, to_starboard, draught_dm, destination
   FROM statics WHERE t >= make_timestamp($1::BIGINT * 1000000) AND t < make_timestamp($2::BIGINT * 1000000)
   ORDER BY t, mmsi, msg_type, line`;

interface StaticDbRow {
  mmsi: number;
  t: number;
  msg_type: number;
  imo: number | null;
  callsign: string | null;
  name: string | null;
  ship_type: number | null;
  to_bow: number | null;
  to_stern: number | null;
  to_port: number | null;
  to_starboard: number | null;
  draught_dm: number | null;
  destination: string | null;
}

const toStatic = (r: StaticDbRow): Static =>
  storedStatic({
    mmsi: r.mmsi,
    t: r.t,
    msgType: r.msg_type,
    imo: r.imo,
    callsign: r.callsign,
    name: r.name,
    shipType: r.ship_type,
    toBow: r.to_bow,
    toStern: r.to_stern,
    toPort: r.to_port,
    toStarboard: r.to_starboard,
    draughtDm: r.draught_dm,
    destination: r.destination,
  });

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

/** Whole seconds [first, last + 1) the store's records span inside the window, and the position count. */
async function extent(
  store: Store,
  o: ReplayOptions,
): Promise<{ from: number; to: number; rows: number } | null> {
  const [r] = await store.rows<{ lo: number | null; hi: number | null; n: number }>(
    `SELECT min(lo)::DOUBLE AS lo, max(hi)::DOUBLE AS hi, sum(n)::DOUBLE AS n FROM (
       SELECT epoch(min(t)) AS lo, epoch(max(t)) AS hi, count(*) AS n FROM positions
       UNION ALL SELECT epoch(min(t)), epoch(max(t)), 0 FROM statics)`,
  );
  if (r.lo === null || r.hi === null) return null;
  const from = Math.max(Math.floor(r.lo), o.from === undefined ? -Infinity : Math.floor(o.from / 1000));
  const to = Math.min(Math.floor(r.hi) + 1, o.to === undefined ? Infinity : Math.floor(o.to / 1000) + 1);
  return from < to ? { from, to, rows: r.n } : null;
}

/** Calls `push` with every record in the window, in time order (positions before statics at one instant). */
export async function replay(
  store: Store,
  o: ReplayOptions,
  push: (r: Position | Static) => void,
): Promise<ReplayStats> {
  const stats: ReplayStats = { positions: 0, statics: 0, windows: 0 };
  const span = await extent(store, o);
  if (span === null) return stats;
  const target = o.windowRows ?? DEFAULT_WINDOW_ROWS;
  const step = Math.max(MIN_WINDOW_S, Math.ceil(((span.to - span.from) * target) / Math.max(1, span.rows)));
  const from = o.from ?? Number.NEGATIVE_INFINITY;
  const to = o.to ?? Number.POSITIVE_INFINITY;
  const sql = POSITIONS_SQL(boxSql(o.box));
  for (let a = span.from; a < span.to; a += step) {
    const b = Math.min(span.to, a + step);
    stats.windows++;
    const statics = (await store.rows<StaticDbRow>(STATICS_SQL, [a, b]))
      .map(toStatic)
      .filter((s) => s.t >= from && s.t <= to);
    let k = 0;
    const result = await store.con.stream(sql, [a, b]);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      const [mmsi, t, lat, lon, sog, cog, heading, nav, type] = WIDTHS.map((w, i) => {
        const data = bindings.vector_get_data(bindings.data_chunk_get_vector(chunk.chunk, i), n * w);
        return { buffer: data.buffer, offset: data.byteOffset };
      });
      const vMmsi = new Uint32Array(mmsi.buffer, mmsi.offset, n);
      const vT = new Float64Array(t.buffer, t.offset, n);
      const vLat = new Int32Array(lat.buffer, lat.offset, n);
      const vLon = new Int32Array(lon.buffer, lon.offset, n);
      const vSog = new Uint16Array(sog.buffer, sog.offset, n);
      const vCog = new Uint16Array(cog.buffer, cog.offset, n);
      const vHeading = new Uint16Array(heading.buffer, heading.offset, n);
      const vNav = new Uint8Array(nav.buffer, nav.offset, n);
      const vType = new Uint8Array(type.buffer, type.offset, n);
      for (let i = 0; i < n; i++) {
        const ti = vT[i];
        while (k < statics.length && statics[k].t < ti) push(statics[k++]);
        if (ti < from || ti > to) continue;
        push(
          storedPosition(vMmsi[i], ti, vLat[i], vLon[i], vSog[i], vCog[i], vHeading[i], vNav[i], vType[i]),
        );
        stats.positions++;
      }
    }
    while (k < statics.length) push(statics[k++]);
    stats.statics += statics.length;
  }
  return stats;
}
