/**
 * AIS numeric codes from the words CSV exports print instead (the Danish Maritime Authority
 * writes "Under way using engine", "Tanker", "Category X", "Class B"): navigational status
 * (ITU-R M.1371 table 45), ship type (table 53, first digit from the type, second from the
 * hazard category), and the kind of station behind a row.
 *
 * Matching is on a normalised form (lower case, letters and digits only) so spelling
 * variants ("manoeuvrability"/"maneuverability", "Under way"/"Underway") land alike. Each
 * distinct text is looked up once and cached: exports repeat a few dozen values.
 */
import type { TransceiverClass } from "../model/records.js";

export function normaliseWord(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Rules tried in order on the normalised text; the first match gives the code. */
const NAV_STATUS: ReadonlyArray<[RegExp, number]> = [
  [/usingengine/, 0],
  [/anchor/, 1],
  [/notundercommand/, 2],
  [/restricted/, 3],
  [/constrained/, 4],
  [/moored/, 5],
  [/aground/, 6],
  [/fishing/, 7],
  [/sailing/, 8],
  [/hsc/, 9],
  [/wig/, 10],
  [/towingastern/, 11],
  [/pushingahead|towingalongside/, 12],
  [/reserved/, 13],
  [/sart|mob|epirb/, 14],
  [/unknown|undefined|notdefined|default/, 15],
];

const statusCache = new Map<string, number | null>();

/** Navigational status 0-15 from a number or its description; null when empty or not understood. */
export function navStatusCode(text: string): number | null {
  const cached = statusCache.get(text);
  if (cached !== undefined) return cached;
  const key = normaliseWord(text);
  let code: number | null = null;
  if (/^\d+$/.test(key)) {
    const n = Number(key);
    code = n <= 15 ? n : null;
  } else {
    for (const [re, c] of NAV_STATUS) {
      if (re.test(key)) {
        code = c;
        break;
      }
    }
  }
  if (statusCache.size < 1000) statusCache.set(text, code);
  return code;
}

/** Ship type names (DMA's words) to AIS type codes; the categories with a hazard digit end in 0. */
const SHIP_TYPE: Record<string, number> = {
  wig: 20,
  fishing: 30,
  towing: 31,
  towinglongwide: 32,
  dredging: 33,
  diving: 34,
  military: 35,
  sailing: 36,
  pleasure: 37,
  hsc: 40,
  pilot: 50,
  sar: 51,
  tug: 52,
  porttender: 53,
  antipollution: 54,
  lawenforcement: 55,
  spare1: 56,
  spare2: 57,
  medical: 58,
  notpartytoconflict: 59,
  passenger: 60,
  cargo: 70,
  tanker: 80,
  other: 90,
};

/** Second digit of the ship type for types that carry one: hazardous cargo category. */
const HAZARD: Record<string, number> = { categoryx: 1, categoryy: 2, categoryz: 3, categoryos: 4 };

/** AIS ship type (1-99) from a number or a name plus an optional cargo category; null when unknown. */
export function shipTypeCode(text: string, cargo = ""): number | null {
  const key = normaliseWord(text);
  if (/^\d+$/.test(key)) {
    const n = Number(key);
    return n >= 1 && n <= 99 ? n : null;
  }
  const base = SHIP_TYPE[key];
  if (base === undefined) return null;
  return base % 10 === 0 ? base + (HAZARD[normaliseWord(cargo)] ?? 0) : base;
}

/** What sent a row: its class and the AIS message types its position and static data would come in. */
export interface StationKind {
  cls: TransceiverClass;
  positionType: number;
  staticType: number;
}

export const CLASS_A: StationKind = { cls: "A", positionType: 1, staticType: 5 };
export const CLASS_B: StationKind = { cls: "B", positionType: 18, staticType: 24 };
const BASE_STATION: StationKind = { cls: "A", positionType: 4, staticType: 4 };
const ATON: StationKind = { cls: "A", positionType: 21, staticType: 21 };
const SAR_AIRCRAFT: StationKind = { cls: "A", positionType: 9, staticType: 9 };

/** The station kind from "A"/"B", "Class A"/"Class B", "Base Station", "AtoN", "SAR Airborne"; Class A otherwise. */
export function stationKind(text: string): StationKind {
  switch (normaliseWord(text)) {
    case "b":
    case "classb":
      return CLASS_B;
    case "basestation":
      return BASE_STATION;
    case "aton":
      return ATON;
    case "sarairborne":
      return SAR_AIRCRAFT;
    default:
      return CLASS_A;
  }
}
