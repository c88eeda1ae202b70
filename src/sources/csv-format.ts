/**
 * What a CSV export format is: which columns carry which field (found by name, so column
 * order does not matter), which words mean "no value", and how its time stamps read. The
 * formats themselves live in csv-marinecadastre.ts and csv-dma.ts.
 */
import { normaliseWord } from "./ais-text-codes.js";
import { splitCsvLine } from "./csv-split.js";

export type CsvFormatId = "marinecadastre" | "dma" | "columns";

export type CsvField =
  | "mmsi"
  | "time"
  | "lat"
  | "lon"
  | "sog"
  | "cog"
  | "heading"
  | "status"
  | "station"
  | "name"
  | "imo"
  | "callsign"
  | "shipType"
  | "cargo"
  | "length"
  | "width"
  | "toBow"
  | "toStern"
  | "toPort"
  | "toStarboard"
  | "draught"
  | "destination";

export const REQUIRED_FIELDS: readonly CsvField[] = ["mmsi", "time", "lat", "lon"];

export interface CsvFormatSpec {
  id: CsvFormatId;
  /** Normalised column names (see headerNames) that may carry each field; the first present wins. */
  columns: Readonly<Partial<Record<CsvField, readonly string[]>>>;
  /** Normalised column names that together say "this is that format". */
  signature: readonly string[];
  /** Words that mean "no value" besides the empty field. */
  nullWords: ReadonlySet<string>;
  /** A fresh time stamp parser (they cache the current day). */
  timeParser(): (text: string) => number | null;
}

/** A header line's column names, normalised: no BOM or leading '#', lower case, letters and digits only. */
export function headerNames(line: string): string[] {
  const fields = splitCsvLine(line.replace(/^\uFEFF/, "").replace(/^\s*#/, "")) ?? [];
  return fields.map(normaliseWord);
}

/** Column index of each field in a header (-1 when absent), or null when a required field has no column. */
export function columnIndex(spec: CsvFormatSpec, names: readonly string[]): Record<CsvField, number> | null {
  const index = {} as Record<CsvField, number>;
  for (const [field, candidates] of Object.entries(spec.columns) as [CsvField, readonly string[]][]) {
    const found = candidates.map((c) => names.indexOf(c)).find((i) => i >= 0);
    index[field] = found ?? -1;
  }
  for (const f of REQUIRED_FIELDS) if ((index[f] ?? -1) < 0) return null;
  return index;
}

/** True when the header has the format's signature columns and every required field. */
export function matchesFormat(spec: CsvFormatSpec, names: readonly string[]): boolean {
  return spec.signature.every((s) => names.includes(s)) && columnIndex(spec, names) !== null;
}
