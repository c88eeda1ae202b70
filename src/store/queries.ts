/**
 * The query layer: everything later layers read from the store, as typed records
 * (model/records.ts units: degrees, knots, epoch ms, null for not available). SQL stays
 * in this file. Time windows are [from, to] in epoch ms, both optional.
 */
import type { Position, Static } from "../model/records.js";
import { classOf } from "./records.js";
import type { Store } from "./store.js";

export interface TimeWindow {
  from?: number;
  to?: number;
}

export interface BBox {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

/**
 * SQL condition for a box on columns `lat` and `lon`, edges included; minLon > maxLon
 * crosses the antimeridian. `value` writes each edge (a parameter, or a literal in stored
 * units), told whether it is a lower edge.
 */
export function boxSql(
  box: BBox,
  lat: string,
  lon: string,
  value: (deg: number, lower: boolean) => string,
): string {
  const [s, n] = [value(box.minLat, true), value(box.maxLat, false)];
  const [w, e] = [value(box.minLon, true), value(box.maxLon, false)];
  const lonTest =
    box.minLon <= box.maxLon ? `${lon} BETWEEN ${w} AND ${e}` : `(${lon} >= ${w} OR ${lon} <= ${e})`;
  return `${lat} BETWEEN ${s} AND ${n} AND ${lonTest}`;
}

export interface IdentityRecord {
  mmsi: number;
  imo: number | null;
  name: string | null;
  callsign: string | null;
  shipType: number | null;
  /** Maritime Identification Digits of the MMSI (flag), null for non-ship MMSIs. */
  mid: number | null;
  firstSeen: number;
  lastSeen: number;
  messages: number;
}

export interface VesselSeen {
  mmsi: number;
  positions: number;
  firstSeen: number;
  lastSeen: number;
  name: string | null;
  imo: number | null;
  callsign: string | null;
  shipType: number | null;
}

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  day: string;
  positions: number;
  vessels: number;
}

const POSITION_SELECT = `SELECT mmsi, epoch_ms(t)::DOUBLE AS t, lat, lon, sog, cog, heading, nav_status, msg_type
  FROM positions_v`;

interface PositionRow {
  mmsi: number;
  t: number;
  lat: number;
  lon: number;
  sog: number | null;
  cog: number | null;
  heading: number | null;
  nav_status: number | null;
  msg_type: number;
}

function toPosition(r: PositionRow): Position {
  return {
    mmsi: r.mmsi,
    t: r.t,
    lat: r.lat,
    lon: r.lon,
    sog: r.sog,
    cog: r.cog,
    heading: r.heading,
    navStatus: r.nav_status,
    cls: classOf(r.msg_type),
    msgType: r.msg_type,
  };
}

/** SQL condition and parameters for a time window on column t, numbering parameters from `next`. */
export function windowSql(w: TimeWindow, next: number): { sql: string; params: number[] } {
  const parts: string[] = [];
  const params: number[] = [];
  if (w.from !== undefined) {
    parts.push(`t >= make_timestamp($${next + params.length}::BIGINT * 1000)`);
    params.push(w.from);
  }
  if (w.to !== undefined) {
    parts.push(`t <= make_timestamp($${next + params.length}::BIGINT * 1000)`);
    params.push(w.to);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(""), params };
}

/** A vessel's positions in time order. */
export async function track(store: Store, mmsi: number, w: TimeWindow = {}): Promise<Position[]> {
  const win = windowSql(w, 2);
  const rows = await store.rows<PositionRow>(
    `${POSITION_SELECT} WHERE mmsi = $1${win.sql} ORDER BY t, source_id, line`,
    [mmsi, ...win.params],
  );
  return rows.map(toPosition);
}

/** Positions inside a box (edges included; minLon > maxLon crosses the antimeridian), by time. */
export async function positionsInBox(store: Store, box: BBox, w: TimeWindow = {}): Promise<Position[]> {
  const params: number[] = [];
  const where = boxSql(box, "lat", "lon", (deg) => `$${params.push(deg)}`);
  const win = windowSql(w, params.length + 1);
  const rows = await store.rows<PositionRow>(
    `${POSITION_SELECT} WHERE ${where}${win.sql} ORDER BY t, mmsi, source_id, line`,
    [...params, ...win.params],
  );
  return rows.map(toPosition);
}

export interface IdentityRow {
  mmsi: number;
  imo: number | null;
  name: string | null;
  callsign: string | null;
  ship_type: number | null;
  mid: number | null;
  first_seen: number;
  last_seen: number;
  messages: number;
}

/** Every distinct identity a vessel has shown, oldest first. */
export async function identityHistory(store: Store, mmsi: number): Promise<IdentityRecord[]> {
  const rows = await store.rows<IdentityRow>(
    `SELECT mmsi, imo, name, callsign, ship_type, mid, epoch_ms(first_seen)::DOUBLE AS first_seen,
       epoch_ms(last_seen)::DOUBLE AS last_seen, messages::DOUBLE AS messages
     FROM identity_history WHERE mmsi = $1
     ORDER BY first_seen, last_seen, imo NULLS FIRST, name NULLS FIRST, callsign NULLS FIRST, ship_type NULLS FIRST`,
    [mmsi],
  );
  return rows.map(identityOf);
}

/** One row of an identity-history query (either backend's SQL names its columns alike). */
export function identityOf(r: IdentityRow): IdentityRecord {
  return {
    mmsi: r.mmsi,
    imo: r.imo,
    name: r.name,
    callsign: r.callsign,
    shipType: r.ship_type,
    mid: r.mid,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    messages: r.messages,
  };
}

/**
 * The vessel's latest static data: each field from the most recent report carrying it
 * (a Class B name and callsign arrive in separate halves), time of the latest report.
 */
export async function latestStatic(store: Store, mmsi: number): Promise<Static | null> {
  const rows = await store.rows<Record<string, number | string | null>>(
    `SELECT mmsi, epoch_ms(max(t))::DOUBLE AS t,
       arg_max(imo, (t, line)) FILTER (WHERE imo IS NOT NULL AND imo <> 0) AS imo,
       arg_max(callsign, (t, line)) FILTER (WHERE callsign IS NOT NULL) AS callsign,
       arg_max(name, (t, line)) FILTER (WHERE name IS NOT NULL) AS name,
       arg_max(ship_type, (t, line)) FILTER (WHERE ship_type IS NOT NULL AND ship_type <> 0) AS ship_type,
       arg_max(to_bow, (t, line)) FILTER (WHERE to_bow IS NOT NULL) AS to_bow,
       arg_max(to_stern, (t, line)) FILTER (WHERE to_stern IS NOT NULL) AS to_stern,
       arg_max(to_port, (t, line)) FILTER (WHERE to_port IS NOT NULL) AS to_port,
       arg_max(to_starboard, (t, line)) FILTER (WHERE to_starboard IS NOT NULL) AS to_starboard,
       arg_max(draught_dm, (t, line)) FILTER (WHERE draught_dm IS NOT NULL) AS draught_dm,
       arg_max(destination, (t, line)) FILTER (WHERE destination IS NOT NULL) AS destination,
       arg_max(msg_type, (t, line)) AS msg_type
     FROM statics WHERE mmsi = $1 GROUP BY mmsi`,
    [mmsi],
  );
  return rows.length === 0 ? null : staticOf(rows[0]);
}

/** The row of a latest-static query (either backend's SQL names its columns alike). */
export function staticOf(r: Record<string, number | string | null>): Static {
  const n = (v: number | string | null) => (v === null ? null : Number(v));
  const s = (v: number | string | null) => (v === null ? null : String(v));
  const zeroNull = (v: number | string | null) => (v === null || Number(v) === 0 ? null : Number(v));
  return {
    mmsi: Number(r.mmsi),
    t: Number(r.t),
    imo: n(r.imo),
    callsign: s(r.callsign),
    name: s(r.name),
    shipType: n(r.ship_type),
    toBow: zeroNull(r.to_bow),
    toStern: zeroNull(r.to_stern),
    toPort: zeroNull(r.to_port),
    toStarboard: zeroNull(r.to_starboard),
    draught: r.draught_dm === null || Number(r.draught_dm) === 0 ? null : Number(r.draught_dm) / 10,
    destination: s(r.destination),
    cls: classOf(Number(r.msg_type)),
    msgType: Number(r.msg_type),
  };
}

export interface DraughtReport {
  t: number;
  draught: number;
}

/** A vessel's reported draughts (metres, not-available left out), in time order. */
export async function draughtReports(
  store: Store,
  mmsi: number,
  w: TimeWindow = {},
): Promise<DraughtReport[]> {
  const win = windowSql(w, 2);
  const rows = await store.rows<{ t: number; draught_dm: number }>(
    `SELECT epoch_ms(t)::DOUBLE AS t, draught_dm::DOUBLE AS draught_dm FROM statics
     WHERE mmsi = $1 AND draught_dm IS NOT NULL AND draught_dm <> 0${win.sql} ORDER BY t, line`,
    [mmsi, ...win.params],
  );
  return rows.map((r) => ({ t: r.t, draught: r.draught_dm / 10 }));
}

/** Every vessel with at least one position or static report, by MMSI, with its latest identity. */
export async function vesselsSeen(store: Store): Promise<VesselSeen[]> {
  const rows = await store.rows<Record<string, number | string | null>>(
    `WITH p AS (
       SELECT v.mmsi, n, first_t, last_t FROM vessels v JOIN (
         SELECT vid, count(*) AS n, min(t)::TIMESTAMP AS first_t, max(t)::TIMESTAMP AS last_t FROM positions GROUP BY vid
       ) USING (vid)),
     s AS (
       SELECT mmsi, min(t) AS first_t, max(t) AS last_t,
         arg_max(name, (t, line)) FILTER (WHERE name IS NOT NULL) AS name,
         arg_max(imo, (t, line)) FILTER (WHERE imo IS NOT NULL AND imo <> 0) AS imo,
         arg_max(callsign, (t, line)) FILTER (WHERE callsign IS NOT NULL) AS callsign,
         arg_max(ship_type, (t, line)) FILTER (WHERE ship_type IS NOT NULL AND ship_type <> 0) AS ship_type
       FROM statics GROUP BY mmsi)
     SELECT coalesce(p.mmsi, s.mmsi) AS mmsi, coalesce(p.n, 0)::DOUBLE AS positions,
       epoch_ms(least(p.first_t, s.first_t))::DOUBLE AS first_seen,
       epoch_ms(greatest(p.last_t, s.last_t))::DOUBLE AS last_seen,
       s.name, s.imo, s.callsign, s.ship_type
     FROM p FULL OUTER JOIN s ON p.mmsi = s.mmsi
     ORDER BY 1`,
  );
  return rows.map(vesselSeenOf);
}

/** One row of a vessels-seen query (either backend's SQL names its columns alike). */
export function vesselSeenOf(r: Record<string, unknown>): VesselSeen {
  return {
    mmsi: Number(r.mmsi),
    positions: Number(r.positions),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
    name: r.name === null ? null : String(r.name),
    imo: r.imo === null ? null : Number(r.imo),
    callsign: r.callsign === null ? null : String(r.callsign),
    shipType: r.ship_type === null ? null : Number(r.ship_type),
  };
}

/** Every name and IMO each vessel has broadcast (its identity history, in short), by MMSI. */
export async function identitiesSeen(
  store: Store,
): Promise<Map<number, { names: string[]; imos: number[] }>> {
  const rows = await store.rows<{ mmsi: number; names: string[] | null; imos: number[] | null }>(
    `SELECT mmsi,
       list(DISTINCT name ORDER BY name) FILTER (WHERE name IS NOT NULL AND name <> '') AS names,
       list(DISTINCT imo ORDER BY imo) FILTER (WHERE imo IS NOT NULL AND imo <> 0) AS imos
     FROM statics GROUP BY mmsi`,
  );
  return new Map(
    rows.map((r) => [Number(r.mmsi), { names: r.names ?? [], imos: (r.imos ?? []).map(Number) }]),
  );
}

/** Positions and distinct vessels per UTC day. */
export async function countsPerDay(store: Store): Promise<DayCount[]> {
  const rows = await store.rows<{ day: string; positions: number; vessels: number }>(
    `SELECT strftime(t::DATE, '%Y-%m-%d') AS day, count(*)::DOUBLE AS positions, count(DISTINCT vid)::DOUBLE AS vessels
     FROM positions GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

export interface StoreTotals {
  positions: number;
  statics: number;
  vessels: number;
  sources: number;
  firstTime: number | null;
  lastTime: number | null;
  /** Decode rejects and ingest outcomes summed over all sources. */
  counts: Record<string, number>;
}

/** Totals over the whole store (for `darkfleet stats`). */
export async function totals(store: Store): Promise<StoreTotals> {
  const [r] = await store.rows<Record<string, number | null>>(
    `SELECT (SELECT count(*) FROM positions)::DOUBLE AS positions,
       (SELECT count(*) FROM statics)::DOUBLE AS statics,
       (SELECT count(*) FROM (SELECT mmsi FROM vessels UNION SELECT mmsi FROM statics))::DOUBLE AS vessels,
       (SELECT count(*) FROM ingest_log)::DOUBLE AS sources,
       (SELECT epoch_ms(min(t))::DOUBLE FROM positions) AS first_time,
       (SELECT epoch_ms(max(t))::DOUBLE FROM positions) AS last_time`,
  );
  return totalsOf(
    r,
    await store.rows<{ counts: string }>("SELECT counts FROM ingest_log ORDER BY source_id"),
  );
}

/** The totals from a totals query's row and every source's counts (JSON), summed by reason (either backend). */
export function totalsOf(r: Record<string, number | null>, logs: readonly { counts: string }[]): StoreTotals {
  const counts: Record<string, number> = {};
  for (const row of logs) {
    for (const [k, v] of Object.entries(JSON.parse(row.counts) as Record<string, number>))
      counts[k] = (counts[k] ?? 0) + v;
  }
  return {
    positions: r.positions ?? 0,
    statics: r.statics ?? 0,
    vessels: r.vessels ?? 0,
    sources: r.sources ?? 0,
    firstTime: r.first_time,
    lastTime: r.last_time,
    counts,
  };
}

/** The MMSIs whose static reports carried this IMO, in MMSI order. */
export async function mmsisForImo(store: Store, imo: number): Promise<number[]> {
  const rows = await store.rows<{ mmsi: number }>(
    "SELECT DISTINCT mmsi FROM statics WHERE imo = $1 ORDER BY mmsi",
    [imo],
  );
  return rows.map((r) => Number(r.mmsi));
}
