/**
 * The AIS field tables: one declaration per field of each supported message, in the order
 * and with the widths of the ITU-R M.1371-5 message tables (bit offsets are summed from the
 * widths, so a table reads against the standard line by line). A field's name is its gpsd
 * AIS JSON name and the key of the decoded record (model/ais.ts; the type checker holds the
 * two together); a scaled field names its unit (units.ts: scale and "not available" code).
 *
 * Everything else is derived from these tables, compiled once at load, not interpreted per
 * message: the decoder (messages.ts), the encoder and its quantiser (encode.ts,
 * encode-quantise.ts), the JSON (which writes a record's keys in table order), the ingest's
 * position fast path (ingest/rows.ts) and the store's not-available codes (store/schema.ts).
 */
import type {
  AidToNavigationReport,
  BaseStationReport,
  ExtendedReportB,
  LongRangeReport,
  PositionReportA,
  PositionReportB,
  SarAircraftReport,
  StaticDataReportA,
  StaticDataReportB,
  StaticVoyageData,
} from "../model/ais.js";
import { AID_TYPE, EPFD, NAV_STATUS, SHIP_TYPE } from "./labels.js";
import {
  ALTITUDE,
  COURSE,
  COURSE_LONG,
  DRAUGHT,
  HEADING,
  LAT,
  LAT_LONG,
  LON,
  LON_LONG,
  SAR_SPEED,
  SPEED,
  SPEED_LONG,
  TURN,
  type Unit,
} from "./units.js";

/** A field as declared: `start` is filled in by `layout`. */
export type Field<N extends string = string> =
  /** Unsigned or two's-complement integer, scaled by `unit` when given. */
  | { kind: "u" | "s"; name: N; bits: number; unit?: Unit; start: number }
  /** One bit, a boolean. */
  | { kind: "flag"; name: N; bits: 1; start: number }
  /**
   * Six-bit text of `bits / 6` characters, cut at the first '@' and trimmed of trailing
   * spaces as gpsd renders it. `extension`: the text continues after the fixed part of the
   * message in up to that many characters, padded to a byte boundary (type 21 names).
   */
  | { kind: "text"; name: N; bits: number; extension?: number; start: number }
  /** A field whose value the layout fixes (type 24's part number). */
  | { kind: "fixed"; name: N; bits: number; value: number; start: number }
  /** Spare bits: written as zeros, not read. */
  | { kind: "spare"; bits: number; start: number }
  /** gpsd's label of the code in field `of` (labels.ts): decoded only, never sent. */
  | { kind: "label"; name: N; of: string; texts: readonly string[]; bits: 0; start: number }
  /** The fields `of` written as one string, as gpsd writes a time: decoded only, never sent. */
  | {
      kind: "format";
      name: N;
      of: readonly string[];
      format: (...values: number[]) => string;
      bits: 0;
      start: number;
    };

type Spec<N extends string> =
  Field<N> extends infer F ? (F extends unknown ? Omit<F, "start"> : never) : never;

export const u = <N extends string>(name: N, bits: number, unit?: Unit): Spec<N> => ({
  kind: "u",
  name,
  bits,
  unit,
});
export const s = <N extends string>(name: N, bits: number, unit?: Unit): Spec<N> => ({
  kind: "s",
  name,
  bits,
  unit,
});
export const flag = <N extends string>(name: N): Spec<N> => ({ kind: "flag", name, bits: 1 });
export const text = <N extends string>(name: N, chars: number, extension?: number): Spec<N> => ({
  kind: "text",
  name,
  bits: 6 * chars,
  extension,
});
export const fixed = <N extends string>(name: N, bits: number, value: number): Spec<N> => ({
  kind: "fixed",
  name,
  bits,
  value,
});
export const spare = (bits: number): Spec<never> => ({ kind: "spare", bits });
export const label = <N extends string>(name: N, of: string, texts: readonly string[]): Spec<N> => ({
  kind: "label",
  name,
  of,
  texts,
  bits: 0,
});
export const format = <N extends string>(
  name: N,
  of: readonly string[],
  fmt: (...values: number[]) => string,
): Spec<N> => ({ kind: "format", name, of, format: fmt, bits: 0 });

const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** gpsd's type 4/11 time stamp, "YYYY-MM-DDTHH:MM:SSZ", fields as sent (not-available codes included). */
const timestamp = (year: number, month: number, day: number, hour: number, minute: number, second: number) =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}Z`;
/** gpsd's type 5 ETA, "MM-DDTHH:MMZ", fields as sent. */
const eta = (month: number, day: number, hour: number, minute: number) =>
  `${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}Z`;

/** A message layout: its fields after the common header, with offsets, and its length in bits. */
export interface Layout {
  readonly fields: readonly Field[];
  /** Length of the fixed part, spare bits included: the shortest payload that holds it. */
  readonly bits: number;
}

/** The header every message starts with: message type, repeat indicator, MMSI. */
export const HEADER = {
  type: { start: 0, bits: 6 },
  repeat: { start: 6, bits: 2 },
  mmsi: { start: 8, bits: 30 },
} as const;
const HEADER_BITS = 38;

/** Lays out the fields of a message of record type M after the header, summing widths into offsets. */
function layout<M>(...specs: Spec<Extract<keyof M, string>>[]): Layout {
  let start = HEADER_BITS;
  const fields = specs.map((f) => {
    const field = { ...f, start } as Field;
    start += f.bits;
    return field;
  });
  return { fields, bits: start };
}

/** The position block shared by most reports: accuracy, longitude, latitude (1/10000 minute). */
const position = [flag("accuracy"), s("lon", 28, LON), s("lat", 27, LAT)] as const;
const dimensions = [u("to_bow", 9), u("to_stern", 9), u("to_port", 6), u("to_starboard", 6)] as const;

/** Types 1, 2, 3: Class A position report. */
export const POSITION_A = layout<PositionReportA>(
  u("status", 4),
  label("status_text", "status", NAV_STATUS),
  s("turn", 8, TURN),
  u("speed", 10, SPEED),
  ...position,
  u("course", 12, COURSE),
  u("heading", 9, HEADING),
  u("second", 6),
  u("maneuver", 2),
  spare(3),
  flag("raim"),
  u("radio", 19),
);

/** Types 4 and 11: base station report / UTC date response. */
export const BASE_STATION = layout<BaseStationReport>(
  u("year", 14),
  u("month", 4),
  u("day", 5),
  u("hour", 5),
  u("minute", 6),
  u("second", 6),
  format("timestamp", ["year", "month", "day", "hour", "minute", "second"], timestamp),
  ...position,
  u("epfd", 4),
  label("epfd_text", "epfd", EPFD),
  spare(10),
  flag("raim"),
  u("radio", 19),
);

/** Type 5: Class A static and voyage data. */
export const STATIC_VOYAGE = layout<StaticVoyageData>(
  u("ais_version", 2),
  u("imo", 30),
  text("callsign", 7),
  text("shipname", 20),
  u("shiptype", 8),
  label("shiptype_text", "shiptype", SHIP_TYPE),
  ...dimensions,
  u("epfd", 4),
  label("epfd_text", "epfd", EPFD),
  u("month", 4),
  u("day", 5),
  u("hour", 5),
  u("minute", 6),
  format("eta", ["month", "day", "hour", "minute"], eta),
  u("draught", 8, DRAUGHT),
  text("destination", 20),
  u("dte", 1),
  spare(1),
);

/** Type 9: SAR aircraft position report. */
export const SAR_AIRCRAFT = layout<SarAircraftReport>(
  u("alt", 12, ALTITUDE),
  u("speed", 10, SAR_SPEED),
  ...position,
  u("course", 12, COURSE),
  u("second", 6),
  u("regional", 8),
  u("dte", 1),
  spare(3),
  flag("assigned"),
  flag("raim"),
  u("radio", 20),
);

/** The start of both Class B position reports (types 18, 19). */
const classB = [
  u("reserved", 8),
  u("speed", 10, SPEED),
  ...position,
  u("course", 12, COURSE),
  u("heading", 9, HEADING),
  u("second", 6),
] as const;

/** Type 18: standard Class B position report. */
export const POSITION_B = layout<PositionReportB>(
  ...classB,
  u("regional", 2),
  flag("cs"),
  flag("display"),
  flag("dsc"),
  flag("band"),
  flag("msg22"),
  flag("assigned"),
  flag("raim"),
  u("radio", 20),
);

/** Type 19: extended Class B position report. */
export const EXTENDED_B = layout<ExtendedReportB>(
  ...classB,
  u("regional", 4),
  text("shipname", 20),
  u("shiptype", 8),
  label("shiptype_text", "shiptype", SHIP_TYPE),
  ...dimensions,
  u("epfd", 4),
  label("epfd_text", "epfd", EPFD),
  flag("raim"),
  u("dte", 1),
  flag("assigned"),
  spare(4),
);

/** Type 21: aid-to-navigation report; a name over 20 characters continues in up to 14 more at the end. */
export const AID_TO_NAVIGATION = layout<AidToNavigationReport>(
  u("aid_type", 5),
  label("aid_type_text", "aid_type", AID_TYPE),
  text("name", 20, 14),
  ...position,
  ...dimensions,
  u("epfd", 4),
  label("epfd_text", "epfd", EPFD),
  u("second", 6),
  flag("off_position"),
  u("regional", 8),
  flag("raim"),
  flag("virtual_aid"),
  flag("assigned"),
  spare(1),
);

/** Type 24 part A: Class B static data, name half. */
export const STATIC_A = layout<StaticDataReportA>(fixed("partno", 2, 0), text("shipname", 20));

const staticB = [
  fixed("partno", 2, 1),
  u("shiptype", 8),
  label("shiptype_text", "shiptype", SHIP_TYPE),
  text("vendorid", 3),
  u("model", 4),
  u("serial", 20),
  text("callsign", 7),
] as const;

/** Type 24 part B: type, callsign and dimensions. */
export const STATIC_B = layout<StaticDataReportB>(...staticB, ...dimensions, spare(6));

/** Type 24 part B of an auxiliary craft (MMSI 98xxxxxxx): the mother ship's MMSI instead of dimensions. */
export const STATIC_B_AUX = layout<StaticDataReportB>(...staticB, u("mothership_mmsi", 30), spare(6));

/** Type 27: long-range (satellite) position report, positions in 1/10 minute. */
export const LONG_RANGE = layout<LongRangeReport>(
  flag("accuracy"),
  flag("raim"),
  u("status", 4),
  s("lon", 18, LON_LONG),
  s("lat", 17, LAT_LONG),
  u("speed", 6, SPEED_LONG),
  u("course", 9, COURSE_LONG),
  flag("gnss"),
  spare(1),
);

/** The layouts of each supported type (type 24 has three: part A, part B, part B of an auxiliary craft). */
export const LAYOUTS: Readonly<Record<number, readonly Layout[]>> = {
  1: [POSITION_A],
  2: [POSITION_A],
  3: [POSITION_A],
  4: [BASE_STATION],
  5: [STATIC_VOYAGE],
  9: [SAR_AIRCRAFT],
  11: [BASE_STATION],
  18: [POSITION_B],
  19: [EXTENDED_B],
  21: [AID_TO_NAVIGATION],
  24: [STATIC_A, STATIC_B, STATIC_B_AUX],
  27: [LONG_RANGE],
};

/** The declaration of field `name` in a layout. */
export function fieldOf(l: Layout, name: string): Field {
  const f = l.fields.find((x) => "name" in x && x.name === name);
  if (f === undefined) throw new Error(`no field ${name} in layout`);
  return f;
}
