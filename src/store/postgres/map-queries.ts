/**
 * What `darkfleet serve` reads (store/map-queries.ts and the identity reads of
 * store/queries.ts) in PostgreSQL, giving the same rows in the same order: the same cell
 * binning in stored units (integer division truncating towards zero, as DuckDB's `//`),
 * the same latest row of a cell (by whole second, then line), the same sample order
 * (cellOrderSql), positions' times in whole seconds where the DuckDB file keeps them so,
 * and text ordered byte-wise (COLLATE "C") whatever the database's collation.
 */
import type { Static } from "../../model/records.js";
import {
  type CellPositions,
  type CellRow,
  cellOrderSql,
  cellPositionsOf,
  cellUnits,
  type EventfulVessel,
  mapBoxSql,
  type TrackExtent,
  type VesselHit,
  vesselHitOf,
} from "../map-queries.js";
import {
  type BBox,
  type IdentityRecord,
  type IdentityRow,
  identityOf,
  staticOf,
  type TimeWindow,
} from "../queries.js";
import { LATLON_SCALE } from "../schema.js";
import type { Queryable } from "./connect.js";
import { epochMs, latest, msTime } from "./queries.js";

const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function searchVessels(db: Queryable, q: string, limit: number): Promise<VesselHit[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<Record<string, unknown>>(
    `WITH ids AS (SELECT mmsi FROM vessels UNION SELECT mmsi FROM statics),
     hits AS (
       SELECT mmsi FROM ids WHERE starts_with(mmsi::text, $1)
       UNION SELECT mmsi FROM statics WHERE imo::text = $1 OR name ILIKE $2 ESCAPE '\\'),
     s AS (
       SELECT mmsi, ${latest("name")} AS name, ${latest("imo", true)} AS imo, ${latest("callsign")} AS callsign,
         ${latest("ship_type", true)} AS ship_type
       FROM statics WHERE mmsi IN (SELECT mmsi FROM hits) GROUP BY mmsi)
     SELECT hits.mmsi, s.name, s.imo, s.callsign, s.ship_type
     FROM hits LEFT JOIN s USING (mmsi) ORDER BY hits.mmsi LIMIT $3`,
    [q, like, limit],
  );
  return rows.map(vesselHitOf);
}

export async function trackExtent(db: Queryable, mmsi: number): Promise<TrackExtent> {
  const {
    rows: [r],
  } = await db.query<{ n: number; first: number | null; last: number | null }>(
    `SELECT count(*)::float8 AS n, ${epochMs("date_trunc('second', min(t))")} AS first,
       ${epochMs("date_trunc('second', max(t))")} AS last
     FROM positions WHERE mmsi = $1`,
    [mmsi],
  );
  return { positions: r.n, firstSeen: r.first, lastSeen: r.last };
}

export async function latestStatic(db: Queryable, mmsi: number): Promise<Static | null> {
  const fields = [
    "callsign",
    "name",
    "to_bow",
    "to_stern",
    "to_port",
    "to_starboard",
    "draught_dm",
    "destination",
  ];
  const { rows } = await db.query<Record<string, number | string | null>>(
    `SELECT mmsi, ${epochMs("max(t)")} AS t, ${latest("imo", true)} AS imo, ${latest("ship_type", true)} AS ship_type,
       ${fields.map((f) => `${latest(f)} AS ${f}`).join(", ")},
       (array_agg(msg_type ORDER BY t DESC, line DESC))[1] AS msg_type
     FROM statics WHERE mmsi = $1 GROUP BY mmsi`,
    [mmsi],
  );
  return rows.length === 0 ? null : staticOf(rows[0]);
}

/**
 * The DuckDB file's identity_history view for one vessel: each static row completed with
 * the vessel's last known value of every field, then grouped. PostgreSQL has no IGNORE
 * NULLS, so the last known value is the one non-null value in its run: the rows since the
 * field was last reported share a running count of its reports.
 */
export async function identityHistory(db: Queryable, mmsi: number): Promise<IdentityRecord[]> {
  const fields = {
    imo: "NULLIF(imo, 0)",
    name: "NULLIF(name, '')",
    callsign: "NULLIF(callsign, '')",
    ship_type: "NULLIF(ship_type, 0)",
  };
  const names = Object.keys(fields);
  const { rows } = await db.query<IdentityRow>(
    `WITH runs AS (
       SELECT mmsi, t, ${Object.entries(fields)
         .map(([f, v]) => `${v} AS ${f}, count(${v}) OVER w AS run_${f}`)
         .join(", ")}
       FROM statics WHERE mmsi = $1
       WINDOW w AS (ORDER BY t, source_id, line ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),
     filled AS (
       SELECT mmsi, t, ${names.map((f) => `max(${f}) OVER (PARTITION BY run_${f}) AS ${f}`).join(", ")} FROM runs)
     SELECT mmsi, ${names.join(", ")},
       CASE WHEN mmsi BETWEEN 200000000 AND 799999999 THEN mmsi / 1000000 END AS mid,
       ${epochMs("min(t)")} AS first_seen, ${epochMs("max(t)")} AS last_seen, count(*)::float8 AS messages
     FROM filled GROUP BY mmsi, ${names.join(", ")}
     ORDER BY first_seen, last_seen, imo NULLS FIRST, name COLLATE "C" NULLS FIRST, callsign COLLATE "C" NULLS FIRST,
       ship_type NULLS FIRST`,
    [mmsi],
  );
  return rows.map(identityOf);
}

/**
 * The window on positions' whole seconds, as the DuckDB file compares it: floor(t) >= from
 * is t >= from rounded up to a second, floor(t) <= to is t < to rounded down plus a second
 * (bounds on t itself, so the time index serves).
 */
function secondsWindowSql(w: TimeWindow, params: unknown[]): string {
  let sql = "";
  if (w.from !== undefined) sql += ` AND t >= ${msTime(`$${params.push(Math.ceil(w.from / 1000) * 1000)}`)}`;
  if (w.to !== undefined)
    sql += ` AND t < ${msTime(`$${params.push(Math.floor(w.to / 1000) * 1000 + 1000)}`)}`;
  return sql;
}

/**
 * The box on the PostGIS points too, so the GiST index finds them: envelopes a little
 * wider than the box in stored units (which decides), two where it crosses the antimeridian.
 */
function envelopeSql(box: BBox, params: unknown[]): string {
  const eps = 2 / LATLON_SCALE;
  const env = (w: number, e: number) =>
    `geom && ST_MakeEnvelope(${[w - eps, box.minLat - eps, e + eps, box.maxLat + eps]
      .map((v) => `$${params.push(v)}::float8`)
      .join(", ")}, 4326)`;
  return box.minLon <= box.maxLon
    ? env(box.minLon, box.maxLon)
    : `(${env(box.minLon, 180)} OR ${env(-180, box.maxLon)})`;
}

/**
 * DuckDB's latest-row key (second << 32 | line) leading an array whose max() is the latest
 * row of a cell with its values: a hash aggregate, measured 7x faster than a window sort
 * (row_number) over the bundled sample's 664k positions.
 */
const LATEST_KEY = "(floor(date_part('epoch', t))::bigint << 32) | line";

export async function positionsByCell(
  db: Queryable,
  box: BBox,
  w: TimeWindow,
  cellDeg: number,
  limit: number,
): Promise<CellPositions> {
  const params: unknown[] = [];
  const where = `${mapBoxSql(box, "lat", "lon", params)} AND ${envelopeSql(box, params)}${secondsWindowSql(w, params)}`;
  const limitP = `$${params.push(limit + 1)}`;
  const cell = cellDeg > 0 ? `$${params.push(cellUnits(cellDeg))}::integer` : "";
  const sql =
    cellDeg > 0
      ? `SELECT mmsi, (m[1] >> 32)::float8 * 1000 AS t, m[2]::integer AS lat, m[3]::integer AS lon,
           m[4]::integer AS sog, n
         FROM (
           SELECT mmsi, lat / ${cell} AS cy, lon / ${cell} AS cx, max(ARRAY[${LATEST_KEY}, lat, lon, sog]) AS m,
             count(*)::float8 AS n
           FROM positions WHERE ${where} GROUP BY 1, 2, 3) c
         ORDER BY ${cellOrderSql("mmsi", "cy", "cx")}, mmsi, cy, cx LIMIT ${limitP}`
      : `SELECT mmsi, ${epochMs("t")} AS t, lat, lon, sog::integer AS sog, 1::float8 AS n
         FROM positions WHERE ${where}
         ORDER BY mmsi, t, source_id, line LIMIT ${limitP}`;
  const { rows } = await db.query<CellRow>(sql, params);
  return cellPositionsOf(rows, limit);
}

export async function eventCounts(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ kind: string; n: number }>(
    `SELECT kind, count(*)::float8 AS n FROM events GROUP BY kind ORDER BY kind COLLATE "C"`,
  );
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

export async function mostEventful(
  db: Queryable,
  kinds: readonly string[],
  limit: number,
): Promise<EventfulVessel[]> {
  const { rows } = await db.query<{ mmsi: number; n: number; kinds: string[]; name: string | null }>(
    `SELECT m AS mmsi, count(*)::float8 AS n, array_agg(DISTINCT kind) AS kinds,
       (SELECT (array_agg(name ORDER BY t DESC, line DESC))[1] FROM statics s WHERE s.mmsi = m AND name IS NOT NULL) AS name
     FROM (SELECT unnest(mmsis) AS m, kind FROM events WHERE kind = ANY($1::text[])) e
     GROUP BY m ORDER BY n DESC, m LIMIT $2`,
    [[...kinds], limit],
  );
  return rows.map((r) => ({ mmsi: r.mmsi, name: r.name, events: r.n, kinds: [...r.kinds].sort(byBytes) }));
}
