/**
 * Stored units (schema.ts) back to model records (model/records.ts). The arithmetic is
 * the decoder's (raw / 600000, raw / 10), so a record replayed from the store equals the
 * one decoded from the same NMEA line, bit for bit: replay, live ingest and detecting a
 * file straight from disk feed the detectors the same values.
 */
import type { Position, Static } from "../model/records.js";
import type { StaticRow } from "./batch.js";
import { LATLON_SCALE, NA_COG, NA_HEADING, NA_SOG, NA_STATUS } from "./schema.js";

/** Class B message types (18, 19, 24), as a lookup by type. */
const CLASS_B = new Uint8Array(64);
for (const t of [18, 19, 24]) CLASS_B[t] = 1;

export const classOf = (msgType: number): "A" | "B" => (CLASS_B[msgType & 63] === 1 ? "B" : "A");

/**
 * Speed and course of every raw value the AIS fields can carry, computed once (the same
 * division). Fast path (profile): a number taken from a table is shared, where a fresh
 * division stored in a Position allocates a heap number per row.
 */
const tableOf = (size: number, na: number): (number | null)[] =>
  Array.from({ length: size }, (_, raw) => (raw === na ? null : raw / 10));
const SOG_OF = tableOf(1024, NA_SOG);
const COG_OF = tableOf(4096, NA_COG);

/**
 * Overwrites `p` with one stored position row (t in epoch ms): a replay reuses one
 * object, a live feed passes a new blankPosition() for each row.
 */
export function setStoredPosition(
  p: Position,
  mmsi: number,
  t: number,
  lat: number,
  lon: number,
  sog: number,
  cog: number,
  heading: number,
  navStatus: number,
  msgType: number,
): Position {
  p.mmsi = mmsi;
  p.t = t;
  p.lat = lat / LATLON_SCALE;
  p.lon = lon / LATLON_SCALE;
  p.sog = sog < 1024 ? SOG_OF[sog] : sog / 10;
  p.cog = cog < 4096 ? COG_OF[cog] : cog / 10;
  p.heading = heading === NA_HEADING ? null : heading;
  p.navStatus = navStatus === NA_STATUS ? null : navStatus;
  p.cls = classOf(msgType);
  p.msgType = msgType;
  return p;
}

/** The static-row fields a Static is made from (a StaticRow, or a row read back from the store). */
export type StoredStatic = Pick<
  StaticRow,
  | "mmsi"
  | "t"
  | "msgType"
  | "imo"
  | "callsign"
  | "name"
  | "shipType"
  | "toBow"
  | "toStern"
  | "toPort"
  | "toStarboard"
  | "draughtDm"
  | "destination"
>;

/** Zero is AIS's "not available" for these fields. */
const positive = (v: number | null): number | null => (v !== null && v > 0 ? v : null);

/** One stored static row as a Static, with the decoder's null rules (ais/records.ts). */
export function storedStatic(r: StoredStatic): Static {
  const draught = positive(r.draughtDm);
  return {
    mmsi: r.mmsi,
    t: r.t,
    imo: positive(r.imo),
    callsign: r.callsign,
    name: r.name,
    shipType: positive(r.shipType),
    toBow: positive(r.toBow),
    toStern: positive(r.toStern),
    toPort: positive(r.toPort),
    toStarboard: positive(r.toStarboard),
    draught: draught === null ? null : draught / 10,
    destination: r.destination,
    cls: classOf(r.msgType),
    msgType: r.msgType,
  };
}
