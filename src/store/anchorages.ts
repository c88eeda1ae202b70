/**
 * Anchorages learned from the stored positions, as Global Fishing Watch learns its own:
 * grid cells where many distinct vessels have lain stationary for hours. Ships queue at
 * anchor off every busy port and canal, often far beyond any port's listed position, so
 * a port list alone leaves them to look like transfers. The cells are kept in the
 * `anchorages` table and recomputed from every stored position whenever positions were
 * added since (`refreshAnchorages`): one SQL aggregate over the whole store, so the same
 * positions give the same anchorages whatever order they arrived in.
 */
import { SPEED } from "../ais/units.js";
import type { Port } from "../geo/zones.js";
import { LATLON_SCALE } from "./schema.js";
import type { Store } from "./store.js";

export interface AnchorageParams {
  /** Cell size, degrees of latitude and longitude. */
  cellDeg: number;
  /** Stationary: a reported speed below this, kn. */
  maxSpeedKn: number;
  /** A vessel counts for a cell when its stationary fixes in it span at least this long, ms. */
  minStayMs: number;
  /** Distinct vessels a cell needs. */
  minVessels: number;
}

const METRES_PER_DEG = 111_195;

/** Rows that count: ship stations' position reports (not base stations or aids to navigation, which never move). */
export const SHIP_POSITIONS_SQL =
  "msg_type IN (1, 2, 3, 18, 19, 27) AND mmsi BETWEEN 200000000 AND 799999999";

/** What the table was computed from: the positions' count and the parameters. */
export function basisOf(positions: number, p: AnchorageParams): string {
  return `${positions};${p.cellDeg};${p.maxSpeedKn};${p.minStayMs};${p.minVessels}`;
}

/** The aggregate's parameters: cell in stored units, speed in stored units, stay in seconds, cell in degrees, vessels. */
export function anchorageSqlParams(p: AnchorageParams): number[] {
  const cell = Math.round(p.cellDeg * LATLON_SCALE);
  return [
    cell,
    Math.round(p.maxSpeedKn * SPEED.scale),
    p.minStayMs / 1000,
    cell / LATLON_SCALE,
    p.minVessels,
  ];
}

/**
 * Recomputes the anchorages when positions were stored since the last computation (or
 * the parameters changed); returns whether it did. Only ship stations' position reports
 * count (not base stations or aids to navigation, which never move).
 */
export async function refreshAnchorages(store: Store, p: AnchorageParams): Promise<boolean> {
  const [{ n }] = await store.rows<{ n: number }>("SELECT count(*)::DOUBLE AS n FROM positions");
  const basis = basisOf(n, p);
  const [old] = await store.rows<{ basis: string }>("SELECT basis FROM anchorages_basis");
  if (old?.basis === basis) return false;
  const con = store.con;
  await con.run("BEGIN TRANSACTION");
  try {
    await con.run("DELETE FROM anchorages");
    await con.run(
      `INSERT INTO anchorages
       WITH still AS (
         SELECT vid, floor(lat / $1)::BIGINT AS cell_lat, floor(lon / $1)::BIGINT AS cell_lon, epoch(t) AS t
         FROM positions JOIN vessels USING (vid)
         WHERE sog < $2 AND ${SHIP_POSITIONS_SQL}),
       stays AS (
         SELECT cell_lat, cell_lon, vid FROM still GROUP BY ALL HAVING max(t) - min(t) >= $3)
       SELECT cell_lat, cell_lon, (cell_lat + 0.5) * $4 AS lat, (cell_lon + 0.5) * $4 AS lon, count(*) AS vessels
       FROM stays GROUP BY ALL HAVING count(*) >= $5`,
      anchorageSqlParams(p),
    );
    await con.run("DELETE FROM anchorages_basis");
    await con.run("INSERT INTO anchorages_basis VALUES ($1)", [basis]);
    await con.run("COMMIT");
  } catch (err) {
    await con.run("ROLLBACK").catch(() => undefined);
    throw err;
  }
  return true;
}

/** A learned anchorage cell as a harbour circle, with the distinct vessels that lay in it. */
export interface LearnedAnchorage extends Port {
  vessels: number;
}

/**
 * The stored anchorages as harbour circles (each cell's circumcircle), in cell order.
 * `cellDeg` is the size they were computed with.
 */
export async function readAnchorages(store: Store, cellDeg: number): Promise<LearnedAnchorage[]> {
  const rows = await store.rows<AnchorageRow>(
    "SELECT lat, lon, vessels::DOUBLE AS vessels FROM anchorages ORDER BY cell_lat, cell_lon",
  );
  return anchoragesOf(rows, cellDeg);
}

/** A stored anchorages row: the cell's centre and its distinct vessels. */
export interface AnchorageRow {
  lat: number;
  lon: number;
  vessels: number;
}

/** Stored anchorage rows (in cell order) as harbour circles; either store's. */
export function anchoragesOf(rows: readonly AnchorageRow[], cellDeg: number): LearnedAnchorage[] {
  const radiusM = (cellDeg * METRES_PER_DEG * Math.SQRT2) / 2;
  return rows.map((r) => ({
    name: `anchorage ${r.lat.toFixed(4)},${r.lon.toFixed(4)} (${r.vessels} vessels)`,
    unlocode: null,
    kind: "anchorage",
    country: "",
    lat: r.lat,
    lon: r.lon,
    radiusM,
    vessels: r.vessels,
  }));
}
