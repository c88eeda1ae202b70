/**
 * The read queries of store/queries.ts in PostgreSQL, giving the same records: positions
 * turned back into degrees and knots by the same arithmetic (store/records.ts), times
 * truncated to the second where the DuckDB store keeps positions' times in whole seconds
 * (first/last seen, the time span), the latest identity field by (t, line).
 */
import type pg from "pg";
import { blankPosition, type Position } from "../../model/records.js";
import type { StoredPositionRow } from "../backend.js";
import type { StaticRow } from "../batch.js";
import {
  type DayCount,
  type StoreTotals,
  type TimeWindow,
  totalsOf,
  type VesselSeen,
  vesselSeenOf,
} from "../queries.js";
import { staticRowOf } from "../recent-rows.js";
import { setStoredPosition } from "../records.js";
import type { Queryable } from "./connect.js";

/** A timestamptz column as epoch milliseconds (a double, exact for any stored time). */
export const epochMs = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;
/** An epoch-ms parameter as a timestamptz. */
export const msTime = (param: string) =>
  `(timestamptz 'epoch' + ${param}::float8 * interval '1 millisecond')`;

/** A time window on column `col`, its parameters appended to `params`. */
export function windowSql(w: TimeWindow, col: string, params: unknown[]): string {
  let sql = "";
  if (w.from !== undefined) sql += ` AND ${col} >= ${msTime(`$${params.push(w.from)}`)}`;
  if (w.to !== undefined) sql += ` AND ${col} <= ${msTime(`$${params.push(w.to)}`)}`;
  return sql;
}

/** The value of `col` in the latest row carrying one (by t, then line), like DuckDB's arg_max(col, (t, line)). */
export const latest = (col: string, notZero = false) =>
  `(array_agg(${col} ORDER BY t DESC, line DESC) FILTER (WHERE ${col} IS NOT NULL${notZero ? ` AND ${col} <> 0` : ""}))[1]`;

export async function track(client: Queryable, mmsi: number, w: TimeWindow = {}): Promise<Position[]> {
  const params: unknown[] = [mmsi];
  const win = windowSql(w, "t", params);
  const { rows } = await client.query({
    text: `SELECT ${epochMs("t")} AS t, lat, lon, sog, cog, heading, nav_status, msg_type
       FROM positions WHERE mmsi = $1${win} ORDER BY t, source_id, line`,
    values: params,
    rowMode: "array",
  });
  return (rows as number[][]).map((r) =>
    setStoredPosition(blankPosition(), mmsi, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]),
  );
}

export async function vesselsSeen(client: Queryable): Promise<VesselSeen[]> {
  const { rows } = await client.query<Record<string, number | string | null>>(
    `WITH p AS (
       SELECT mmsi, count(*) AS n, date_trunc('second', min(t)) AS first_t, date_trunc('second', max(t)) AS last_t
       FROM positions GROUP BY mmsi),
     s AS (
       SELECT mmsi, min(t) AS first_t, max(t) AS last_t, ${latest("name")} AS name, ${latest("imo", true)} AS imo,
         ${latest("callsign")} AS callsign, ${latest("ship_type", true)} AS ship_type
       FROM statics GROUP BY mmsi)
     SELECT coalesce(p.mmsi, s.mmsi) AS mmsi, coalesce(p.n, 0)::float8 AS positions,
       ${epochMs("least(p.first_t, s.first_t)")} AS first_seen,
       ${epochMs("greatest(p.last_t, s.last_t)")} AS last_seen,
       s.name, s.imo, s.callsign, s.ship_type
     FROM p FULL OUTER JOIN s ON p.mmsi = s.mmsi
     ORDER BY 1`,
  );
  return rows.map(vesselSeenOf);
}

export async function countsPerDay(client: Queryable): Promise<DayCount[]> {
  const { rows } = await client.query<DayCount>(
    `SELECT to_char(t, 'YYYY-MM-DD') AS day, count(*)::float8 AS positions, count(DISTINCT mmsi)::float8 AS vessels
     FROM positions GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

export async function totals(client: Queryable): Promise<StoreTotals> {
  const {
    rows: [r],
  } = await client.query<Record<string, number | null>>(
    `SELECT (SELECT count(*) FROM positions)::float8 AS positions,
       (SELECT count(*) FROM statics)::float8 AS statics,
       (SELECT count(*) FROM (SELECT mmsi FROM vessels UNION SELECT mmsi FROM statics) u)::float8 AS vessels,
       (SELECT count(*) FROM ingest_log)::float8 AS sources,
       (SELECT ${epochMs("date_trunc('second', min(t))")} FROM positions) AS first_time,
       (SELECT ${epochMs("date_trunc('second', max(t))")} FROM positions) AS last_time`,
  );
  const { rows: logs } = await client.query<{ counts: string }>(
    "SELECT counts FROM ingest_log ORDER BY source_id",
  );
  return totalsOf(r, logs);
}

/** store/recent-rows.ts's query: a source's rows within `windowMs` of its newest, in line order. */
export async function recentRows(
  client: pg.Client,
  sourceId: number,
  windowMs: number,
): Promise<{ positions: StoredPositionRow[]; statics: StaticRow[] }> {
  const {
    rows: [{ newest }],
  } = await client.query<{ newest: number | null }>(
    `SELECT ${epochMs("greatest((SELECT max(t) FROM positions WHERE source_id = $1), (SELECT max(t) FROM statics WHERE source_id = $1))")} AS newest`,
    [sourceId],
  );
  if (newest === null) return { positions: [], statics: [] };
  const since = newest - windowMs;
  const { rows: positions } = await client.query<StoredPositionRow>(
    `SELECT mmsi, msg_type, lat, lon, sog, cog, heading, nav_status, second, ${epochMs("t")} AS t
     FROM positions WHERE source_id = $1 AND t >= ${msTime("$2")} ORDER BY line`,
    [sourceId, since],
  );
  const { rows: statics } = await client.query<Record<string, number | string | null>>(
    `SELECT mmsi, ${epochMs("t")} AS t, msg_type, part, imo, callsign, name, ship_type, to_bow, to_stern,
       to_port, to_starboard, draught_dm, destination, eta, line
     FROM statics WHERE source_id = $1 AND msg_type <> 19 AND t >= ${msTime("$2")} ORDER BY line`,
    [sourceId, since],
  );
  return { positions, statics: statics.map((s) => staticRowOf(s, sourceId)) };
}
