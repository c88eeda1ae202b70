/**
 * A source's rows stored within a window of its newest one (DuckDB): what a resumed
 * ingest seeds its dedup from (ingest/pipeline.ts), so it drops what a clean run would.
 */
import type { StoredPositionRow } from "./backend.js";
import type { StaticRow } from "./batch.js";
import type { Store } from "./store.js";

export async function recentRows(
  store: Store,
  sourceId: number,
  windowMs: number,
): Promise<{ positions: StoredPositionRow[]; statics: StaticRow[] }> {
  const [{ newest }] = await store.rows<{ newest: number | null }>(
    `SELECT max(m)::DOUBLE AS newest FROM (
       SELECT max(epoch(t)::BIGINT * 1000 + t_ms) AS m FROM positions WHERE source_id = $1
       UNION ALL SELECT max(epoch_ms(t)) FROM statics WHERE source_id = $1)`,
    [sourceId],
  );
  if (newest === null) return { positions: [], statics: [] };
  const since = newest - windowMs;
  const positions = await store.rows<StoredPositionRow>(
    `SELECT mmsi, msg_type, lat, lon, sog, cog, heading, nav_status, second, t, line FROM (
       SELECT v.mmsi, p.* REPLACE ((epoch(t)::BIGINT * 1000 + t_ms)::DOUBLE AS t)
       FROM positions p JOIN vessels v USING (vid) WHERE source_id = $1)
     WHERE t >= $2 ORDER BY line`,
    [sourceId, since],
  );
  const statics = await store.rows<Record<string, number | string | null>>(
    `SELECT mmsi, epoch_ms(t)::DOUBLE AS t, msg_type, part, imo, callsign, name, ship_type, to_bow, to_stern,
       to_port, to_starboard, draught_dm, destination, eta, line
     FROM statics WHERE source_id = $1 AND msg_type <> 19 AND epoch_ms(t) >= $2 ORDER BY line`,
    [sourceId, since],
  );
  return { positions, statics: statics.map((s) => staticRowOf(s, sourceId)) };
}

/** A statics row as read back (snake_case columns) as a StaticRow. */
export function staticRowOf(s: Record<string, number | string | null>, sourceId: number): StaticRow {
  const n = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    mmsi: Number(s.mmsi),
    t: Number(s.t),
    msgType: Number(s.msg_type),
    part: n(s.part),
    imo: n(s.imo),
    callsign: s.callsign as string | null,
    name: s.name as string | null,
    shipType: n(s.ship_type),
    toBow: n(s.to_bow),
    toStern: n(s.to_stern),
    toPort: n(s.to_port),
    toStarboard: n(s.to_starboard),
    draughtDm: n(s.draught_dm),
    destination: s.destination as string | null,
    eta: s.eta as string | null,
    sourceId,
    line: Number(s.line),
  };
}
