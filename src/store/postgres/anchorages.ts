/**
 * The learned anchorages (store/anchorages.ts) in PostgreSQL: the same aggregate over the
 * same stored units, so the same positions give the same cells and counts as the DuckDB
 * file. Cells are floored in double precision as DuckDB's `/` does (PostgreSQL's integer
 * `/` truncates toward zero), and stays are measured in whole seconds, as the DuckDB
 * file keeps positions' times. An advisory lock makes two detectors refreshing at once
 * take turns rather than interleave their delete and insert.
 */
import type pg from "pg";
import {
  type AnchorageParams,
  type AnchorageRow,
  anchorageSqlParams,
  anchoragesOf,
  basisOf,
  type LearnedAnchorage,
  SHIP_POSITIONS_SQL,
} from "../anchorages.js";

/** An arbitrary constant naming the anchorages' lock among the database's advisory locks. */
const ANCHORAGES_LOCK = 0x616e6368;

const INSERT = `INSERT INTO anchorages (cell_lat, cell_lon, lat, lon, vessels)
  WITH still AS (
    SELECT mmsi, floor(lat::float8 / $1::float8)::bigint AS cell_lat, floor(lon::float8 / $1::float8)::bigint AS cell_lon,
      floor(extract(epoch from t))::float8 AS t
    FROM positions WHERE sog < $2 AND ${SHIP_POSITIONS_SQL}),
  stays AS (
    SELECT cell_lat, cell_lon, mmsi FROM still GROUP BY cell_lat, cell_lon, mmsi HAVING max(t) - min(t) >= $3::float8)
  SELECT cell_lat, cell_lon, (cell_lat + 0.5)::float8 * $4::float8, (cell_lon + 0.5)::float8 * $4::float8, count(*)
  FROM stays GROUP BY cell_lat, cell_lon HAVING count(*) >= $5`;

/** refreshAnchorages over PostgreSQL: recomputes when positions were stored since (or the parameters changed). */
export async function refreshAnchorages(client: pg.Client, p: AnchorageParams): Promise<boolean> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [ANCHORAGES_LOCK]);
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::float8 AS n FROM positions");
    const basis = basisOf(rows[0].n, p);
    const { rows: old } = await client.query<{ basis: string }>("SELECT basis FROM anchorages_basis");
    if (old[0]?.basis === basis) {
      await client.query("COMMIT");
      return false;
    }
    await client.query("DELETE FROM anchorages");
    await client.query(INSERT, anchorageSqlParams(p));
    await client.query("DELETE FROM anchorages_basis");
    await client.query("INSERT INTO anchorages_basis VALUES ($1)", [basis]);
    await client.query("COMMIT");
    return true;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

export async function readAnchorages(client: pg.Client, cellDeg: number): Promise<LearnedAnchorage[]> {
  const { rows } = await client.query<AnchorageRow>(
    "SELECT lat, lon, vessels::float8 AS vessels FROM anchorages ORDER BY cell_lat, cell_lon",
  );
  return anchoragesOf(rows, cellDeg);
}
