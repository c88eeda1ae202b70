/**
 * `--columns mmsi=COL,time=COL,lat=COL,lon=COL[,sog=COL,...]`: reads a CSV export whose
 * header no built-in format knows, by naming which of its columns carries each field
 * (csv-format.ts CsvField; mmsi, time, lat and lon required). Times are ISO 8601 (UTC
 * unless they say otherwise), day-first `DD/MM/YYYY hh:mm:ss`, or epoch seconds or ms.
 */
import { normaliseWord } from "./ais-text-codes.js";
import { type CsvField, type CsvFormatSpec, headerNames, REQUIRED_FIELDS } from "./csv-format.js";
import { dmyTimeParser, isoTimeParser } from "./csv-time.js";

const FIELDS: readonly CsvField[] = [
  "mmsi",
  "time",
  "lat",
  "lon",
  "sog",
  "cog",
  "heading",
  "status",
  "station",
  "name",
  "imo",
  "callsign",
  "shipType",
  "cargo",
  "length",
  "width",
  "toBow",
  "toStern",
  "toPort",
  "toStarboard",
  "draught",
  "destination",
];

export const COLUMNS_HELP = `map a CSV's own columns: mmsi=COL,time=COL,lat=COL,lon=COL (required), and any of ${FIELDS.slice(4).join(", ")}`;

/** The format `--columns` describes; throws a one-line Error on a bad mapping. */
export function columnsFormat(text: string): CsvFormatSpec {
  const columns: Partial<Record<CsvField, string[]>> = {};
  for (const pair of text.split(",")) {
    const eq = pair.indexOf("=");
    const field = pair.slice(0, eq).trim() as CsvField;
    const column = normaliseWord(pair.slice(eq + 1));
    if (eq < 0 || !FIELDS.includes(field) || column === "")
      throw new Error(`bad --columns '${pair}': FIELD=COLUMN, FIELD one of ${FIELDS.join(", ")}`);
    columns[field] = [column];
  }
  const missing = REQUIRED_FIELDS.filter((f) => columns[f] === undefined);
  if (missing.length > 0)
    throw new Error(`bad --columns: ${missing.join(", ")} missing (required: ${REQUIRED_FIELDS.join(", ")})`);
  return { id: "columns", columns, signature: [], nullWords: new Set(), timeParser: anyTimeParser };
}

/** The columns `--columns` names that a header lacks (empty when it has them all). */
export function missingColumns(spec: CsvFormatSpec, header: string): string[] {
  const names = headerNames(header);
  return Object.values(spec.columns)
    .map((c) => c[0])
    .filter((c) => !names.includes(c));
}

function anyTimeParser(): (s: string) => number | null {
  const iso = isoTimeParser();
  const dmy = dmyTimeParser();
  return (s) => {
    if (/^\d{9,13}(\.\d+)?$/.test(s)) {
      const v = Number(s);
      return v >= 1e11 ? Math.round(v) : Math.round(v * 1000);
    }
    return s[2] === "/" ? dmy(s) : iso(s);
  };
}
