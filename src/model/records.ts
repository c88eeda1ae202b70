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

/** Where a record came from: a source name and a line number (1-based) or byte offset. */
export interface Provenance {
  source: string;
  line: number;
}
