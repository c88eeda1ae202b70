/**
 * The total order of records, defined once: time, then MMSI, then a vessel's positions
 * before its static reports, then every field (nullable ones null first). The detectors
 * see every stream in this order, whatever its source (the reorder buffer, a store
 * replay), so any arrival order gives the same events; two records equal in every
 * compared field are one record heard twice. The store's replay sorts its columns in the
 * same order without making records (store/replay.ts RunOrder, store/window-statics.ts);
 * test/store/replay.test.ts checks them against compareRecords.
 */
import type { Position, Static } from "./records.js";

/** A position or static record tagged for ordering; positions sort before statics at the same instant. */
export type StreamRecord = Position | Static;

export function isStatic(r: StreamRecord): r is Static {
  return (r as Static).imo !== undefined;
}

/** Nullable numbers or texts in the detectors' order: null first. */
export function cmpNullable(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Total order over records; 0 only for records equal in every compared field (duplicates). */
export function compareRecords(a: StreamRecord, b: StreamRecord): number {
  if (a.t !== b.t) return a.t - b.t;
  if (a.mmsi !== b.mmsi) return a.mmsi - b.mmsi;
  const sa = isStatic(a);
  const sb = isStatic(b);
  if (sa !== sb) return sa ? 1 : -1;
  if (a.msgType !== b.msgType) return a.msgType - b.msgType;
  if (!sa) {
    const pa = a as Position;
    const pb = b as Position;
    if (pa.lat !== pb.lat) return pa.lat - pb.lat;
    if (pa.lon !== pb.lon) return pa.lon - pb.lon;
    return (
      cmpNullable(pa.sog, pb.sog) ||
      cmpNullable(pa.cog, pb.cog) ||
      cmpNullable(pa.heading, pb.heading) ||
      cmpNullable(pa.navStatus, pb.navStatus)
    );
  }
  const xa = a as Static;
  const xb = b as Static;
  return (
    cmpNullable(xa.imo, xb.imo) ||
    cmpNullable(xa.name, xb.name) ||
    cmpNullable(xa.callsign, xb.callsign) ||
    cmpNullable(xa.shipType, xb.shipType) ||
    cmpNullable(xa.draught, xb.draught) ||
    cmpNullable(xa.destination, xb.destination) ||
    cmpNullable(xa.toBow, xb.toBow) ||
    cmpNullable(xa.toStern, xb.toStern)
  );
}
