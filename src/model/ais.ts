/**
 * Decoded AIS messages, one interface per message type, with gpsd's AIS JSON field
 * names and scaled units (degrees, knots, metres) so output can be compared field by
 * field with `gpsdecode -j`. A value the standard marks "not available" is `null`.
 * The `*_text` labels, `timestamp` and `eta` restate other fields as gpsd writes them: the
 * decoder always fills them in (ais/fields.ts), the encoder ignores them, so records built
 * to be sent may leave them out.
 */

/** Fields every decoded message carries. */
export interface AisBase {
  class: "AIS";
  type: number;
  repeat: number;
  mmsi: number;
  /** Receive time from the tag block `c:` or the line's leading time, epoch ms UTC; null when unknown. */
  rxtime: number | null;
  /** Receiving station from the tag block `s:`; null when absent. */
  station: string | null;
}

/** Types 1, 2, 3: Class A position report. */
export interface PositionReportA extends AisBase {
  type: 1 | 2 | 3;
  status: number;
  status_text?: string;
  /** Rate of turn, degrees per minute; null = not available (-128). gpsd's ±127 ("fastright"/"fastleft") are kept as ±720. */
  turn: number | null;
  speed: number | null;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  course: number | null;
  heading: number | null;
  second: number;
  maneuver: number;
  raim: boolean;
  radio: number;
}

/** Types 4 and 11: base station report / UTC date response. */
export interface BaseStationReport extends AisBase {
  type: 4 | 11;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** "YYYY-MM-DDTHH:MM:SSZ" of the fields above, as sent. */
  timestamp?: string;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  epfd: number;
  epfd_text?: string;
  raim: boolean;
  radio: number;
}

/** Type 5: Class A static and voyage data. */
export interface StaticVoyageData extends AisBase {
  type: 5;
  ais_version: number;
  imo: number;
  callsign: string;
  shipname: string;
  shiptype: number;
  shiptype_text?: string;
  to_bow: number;
  to_stern: number;
  to_port: number;
  to_starboard: number;
  epfd: number;
  epfd_text?: string;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** "MM-DDTHH:MMZ" of the ETA fields above, as sent. */
  eta?: string;
  draught: number;
  destination: string;
  dte: number;
}

/** Type 9: SAR aircraft position report. */
export interface SarAircraftReport extends AisBase {
  type: 9;
  alt: number | null;
  speed: number | null;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  course: number | null;
  second: number;
  regional: number;
  dte: number;
  assigned: boolean;
  raim: boolean;
  radio: number;
}

/** Type 18: standard Class B position report. */
export interface PositionReportB extends AisBase {
  type: 18;
  reserved: number;
  speed: number | null;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  course: number | null;
  heading: number | null;
  second: number;
  regional: number;
  cs: boolean;
  display: boolean;
  dsc: boolean;
  band: boolean;
  msg22: boolean;
  assigned: boolean;
  raim: boolean;
  radio: number;
}

/** Type 19: extended Class B position report. */
export interface ExtendedReportB extends AisBase {
  type: 19;
  reserved: number;
  speed: number | null;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  course: number | null;
  heading: number | null;
  second: number;
  regional: number;
  shipname: string;
  shiptype: number;
  shiptype_text?: string;
  to_bow: number;
  to_stern: number;
  to_port: number;
  to_starboard: number;
  epfd: number;
  epfd_text?: string;
  raim: boolean;
  dte: number;
  assigned: boolean;
}

/** Type 21: aid-to-navigation report. */
export interface AidToNavigationReport extends AisBase {
  type: 21;
  aid_type: number;
  aid_type_text?: string;
  name: string;
  accuracy: boolean;
  lon: number | null;
  lat: number | null;
  to_bow: number;
  to_stern: number;
  to_port: number;
  to_starboard: number;
  epfd: number;
  epfd_text?: string;
  second: number;
  off_position: boolean;
  regional: number;
  raim: boolean;
  virtual_aid: boolean;
  assigned: boolean;
}

/** Type 24 part A: Class B static data, name half. */
export interface StaticDataReportA extends AisBase {
  type: 24;
  partno: 0;
  shipname: string;
}

/** Type 24 part B: Class B static data, type/callsign/dimensions half. */
export interface StaticDataReportB extends AisBase {
  type: 24;
  partno: 1;
  shiptype: number;
  shiptype_text?: string;
  vendorid: string;
  model: number;
  serial: number;
  callsign: string;
  /** Auxiliary craft (MMSI 98xxxxxxx) carry the mother ship's MMSI instead of dimensions. */
  mothership_mmsi?: number;
  to_bow?: number;
  to_stern?: number;
  to_port?: number;
  to_starboard?: number;
}

/** Type 27: long-range (satellite) position report. */
export interface LongRangeReport extends AisBase {
  type: 27;
  accuracy: boolean;
  raim: boolean;
  status: number;
  lon: number | null;
  lat: number | null;
  speed: number | null;
  course: number | null;
  gnss: boolean;
}

export type AisMessage =
  | PositionReportA
  | BaseStationReport
  | StaticVoyageData
  | SarAircraftReport
  | PositionReportB
  | ExtendedReportB
  | AidToNavigationReport
  | StaticDataReportA
  | StaticDataReportB
  | LongRangeReport;

/** Message types darkfleet decodes fully; every other type is counted as unsupported. */
export const SUPPORTED_TYPES: readonly number[] = [1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 27];
