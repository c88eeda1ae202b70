/**
 * CSV records with their line numbers, for the list importers: a record csv-parse cannot
 * read (an unclosed quote, a wrong number of fields) is counted in `bad` by reason and
 * the records around it are kept.
 */
import { parse } from "csv-parse/sync";
import type { BadRows } from "./watchlist.js";

export interface CsvRecord {
  cells: string[];
  /** Line the record ends on (1-based). */
  line: number;
}

const REASONS: Record<string, string> = {
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: "wrong number of fields",
  CSV_RECORD_INCONSISTENT_COLUMNS: "wrong number of fields",
  CSV_QUOTE_NOT_CLOSED: "unclosed quote",
  CSV_INVALID_CLOSING_QUOTE: "bad quoting",
};

/** Every record of `text` (the header too, if any); `fields` fixes the field count when the file has no header. */
export function csvRecords(text: string, file: string, bad: BadRows, fields?: number): CsvRecord[] {
  const out: CsvRecord[] = [];
  const records = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_quotes: false,
    skip_records_with_error: true,
    ...(fields === undefined ? {} : { relax_column_count: true }),
    on_skip: (err: (Error & { code?: string; lines?: number }) | undefined) => {
      if (err) bad.add(REASONS[err.code ?? ""] ?? "unreadable CSV record", `${file}:${err.lines ?? "?"}`);
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  for (const { record, info } of records) {
    if (fields !== undefined && record.length !== fields) {
      bad.add("wrong number of fields", `${file}:${info.lines}`);
      continue;
    }
    out.push({ cells: record, line: info.lines });
  }
  return out;
}
