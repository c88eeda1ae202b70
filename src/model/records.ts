/**
 * The records every layer after decoding speaks (see DESIGN.md): positions and static
 * reports, whatever the input format (NMEA or CSV). Units: WGS84 degrees, knots, metres,
 * epoch milliseconds UTC.
 */

export type TransceiverClass = "A" | "B";

export interface Position {
  mmsi: number;
  /** Epoch ms UTC. */
  t: number;
  lat: number;
  lon: number;
  sog: number | null;
  cog: number | null;
  heading: number | null;
  navStatus: number | null;
  cls: TransceiverClass;
  msgType: number;
}

/** A Position with every field set, in the one order all Positions share (one hidden class): to be filled. */
export function blankPosition(): Position {
  return {
    mmsi: 0,
    t: 0,
    lat: 0,
    lon: 0,
    sog: null,
    cog: null,
    heading: null,
    navStatus: null,
    cls: "A",
    msgType: 0,
  };
}

/** Copies every field of `src` into `dst` (for holders of reused objects). */
export function copyPosition(dst: Position, src: Position): Position {
  dst.mmsi = src.mmsi;
  dst.t = src.t;
  dst.lat = src.lat;
  dst.lon = src.lon;
  dst.sog = src.sog;
  dst.cog = src.cog;
  dst.heading = src.heading;
  dst.navStatus = src.navStatus;
  dst.cls = src.cls;
  dst.msgType = src.msgType;
  return dst;
}

export interface Static {
  mmsi: number;
  t: number;
  imo: number | null;
  callsign: string | null;
  name: string | null;
  shipType: number | null;
  toBow: number | null;
  toStern: number | null;
  toPort: number | null;
  toStarboard: number | null;
  /** Metres; null when not reported (0 in AIS). */
  draught: number | null;
  destination: string | null;
  cls: TransceiverClass;
  msgType: number;
}

/**
 * True when `b` says what `a` said: every field equal but the MMSI and time. Hand-written
 * hot path (profile, real US sample: a static report with every position, nearly all the
 * vessel's last one again): one comparison per field, no allocation.
 */
export function sameReport(a: Static, b: Static): boolean {
  return (
    a.imo === b.imo &&
    a.shipType === b.shipType &&
    a.draught === b.draught &&
    a.toBow === b.toBow &&
    a.toStern === b.toStern &&
    a.toPort === b.toPort &&
    a.toStarboard === b.toStarboard &&
    a.msgType === b.msgType &&
    a.cls === b.cls &&
    a.name === b.name &&
    a.callsign === b.callsign &&
    a.destination === b.destination
  );
}

/** A Static with every field set, in the one order all Statics share: to be filled. */
export function blankStatic(): Static {
  return {
    mmsi: 0,
    t: 0,
    imo: null,
    callsign: null,
    name: null,
    shipType: null,
    toBow: null,
    toStern: null,
    toPort: null,
    toStarboard: null,
    draught: null,
    destination: null,
    cls: "A",
    msgType: 0,
  };
}

/** Copies every field of `src` into `dst` (for holders of reused objects). */
export function copyStatic(dst: Static, src: Static): Static {
  dst.mmsi = src.mmsi;
  dst.t = src.t;
  dst.imo = src.imo;
  dst.callsign = src.callsign;
  dst.name = src.name;
  dst.shipType = src.shipType;
  dst.toBow = src.toBow;
  dst.toStern = src.toStern;
  dst.toPort = src.toPort;
  dst.toStarboard = src.toStarboard;
  dst.draught = src.draught;
  dst.destination = src.destination;
  dst.cls = src.cls;
  dst.msgType = src.msgType;
  return dst;
}

/** Where a record came from: a source name and a line number (1-based) or byte offset. */
export interface Provenance {
  source: string;
  line: number;
}
