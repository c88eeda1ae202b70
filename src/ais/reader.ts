/**
 * The one place that chooses how an input is read: the NMEA decoder (decoder.ts) or the
 * CSV export reader (sources/csv.ts), by the input's first line (sources/sniff.ts), behind
 * one shape (push chunks, end, counts). decode, detect, ingest and the benchmarks all read
 * through here, so every command takes every format alike.
 */
import type { Position, Static } from "../model/records.js";
import { type DecodeStats, REJECT_REASONS } from "../model/stats.js";
import { CSV_FORMATS, CsvAisReader } from "../sources/csv.js";
import {
  columnsFormat,
  type Input,
  InputError,
  type InputFormat,
  missingColumns,
  type Sniffed,
  sniffInput,
} from "../sources/index.js";
import { csvRowToGpsdJson } from "./csv-json.js";
import { NmeaDecoder, type NmeaDecoderOptions, type TimeFrom } from "./decoder.js";
import { toGpsdJson } from "./json.js";
import { toPosition, toStatic } from "./records.js";

/** NMEA 0183 sentences, or a CSV export (its header says which one). */
export type ReaderFormat = "nmea" | "csv";

/** The reader a sniffed input needs: anything but a known CSV header is read as NMEA, whose decoder counts what it cannot use. */
export function readerFormat(sniffed: InputFormat): ReaderFormat {
  return sniffed === "nmea" || sniffed === "unknown" ? "nmea" : "csv";
}

/**
 * The reader for an input by its first line; throws an InputError naming the input when
 * that line is a CSV header no reader knows (read as NMEA, it would give nothing, quietly).
 */
export function readerFor(
  name: string,
  sniffed: Pick<Sniffed, "format" | "firstLine">,
  columns?: string,
): ReaderFormat {
  if (columns !== undefined) {
    const missing = missingColumns(columnsFormat(columns), sniffed.firstLine);
    if (missing.length > 0)
      throw new InputError(
        name,
        `no column ${missing.join(", ")} in the header '${sniffed.firstLine.slice(0, 120)}'`,
      );
    return "csv";
  }
  if (sniffed.format === "unknown" && looksLikeCsvHeader(sniffed.firstLine))
    throw new InputError(
      name,
      `unknown CSV header '${sniffed.firstLine.slice(0, 120)}' (known: ${CSV_FORMATS.map((f) => f.id).join(", ")}, or NMEA; --columns mmsi=...,time=...,lat=...,lon=... reads any other)`,
    );
  return readerFormat(sniffed.format);
}

/** True when text holds control characters other than white space, or bytes that are not UTF-8. */
function isBinary(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) return true;
  }
  return false;
}

/** Printable text of three or more comma, semicolon or tab separated names, none an NMEA sentence. */
function looksLikeCsvHeader(line: string): boolean {
  if (isBinary(line) || /[!$\\]/.test(line)) return false;
  return line.split(/[,;\t]/).filter((f) => /[A-Za-z]/.test(f)).length >= 3;
}

/**
 * Throws an InputError when lines were read and none gave a message or row: binary data,
 * or text that is not AIS, is an error to report, not an empty success.
 */
export function checkDecodable(name: string, stats: DecodeStats, firstLine: string): void {
  if (stats.messages > 0 || stats.lines === 0) return;
  const err = new InputError(name, nothingDecodable(stats.lines, stats.rejected, firstLine));
  err.stats = stats;
  throw err;
}

/** Why an input of `lines` lines gave nothing: binary or not, and its reject counts. */
export function nothingDecodable(lines: number, rejected: Record<string, number>, firstLine: string): string {
  const binary = isBinary(firstLine);
  const reasons = REJECT_REASONS.filter((r) => (rejected[r] ?? 0) > 0)
    .map((r) => `${r} ${rejected[r]}`)
    .join(", ");
  return `${binary ? "binary data, " : ""}nothing decodable in ${lines} lines${reasons ? ` (${reasons})` : ""}`;
}

/** What NmeaDecoder and CsvAisReader both are. */
export interface AisReader {
  readonly stats: DecodeStats;
  /** Line number of the last whole line handled. */
  readonly line: number;
  /** Multi-sentence messages begun and not complete (0 for CSV): a commit is exact only at 0. */
  readonly pendingFragments: number;
  push(chunk: Uint8Array): void;
  end(): void;
}

export interface ReaderOptions {
  /** Name of the input, for reports. */
  source?: string;
  /** The line number the input starts at (when resuming). */
  startLine?: number;
  /** A CSV export's header line, when the input starts past it. */
  csvHeader?: string;
  /** `--columns`: read the input as a CSV whose columns this maps (sources/csv-columns.ts). */
  columns?: string;
  /** NMEA only: where a message whose line carries no time gets one (decoder.ts TimeFrom). */
  timeFrom?: TimeFrom;
  /** Each position and static report: a CSV row's, or those an NMEA message carries (records.ts). */
  onPosition?: (p: Position, line: number) => void;
  onStatic?: (s: Static, line: number) => void;
  /** Each NMEA message, or CSV row, as one line of gpsd AIS JSON. */
  onJson?: (json: string) => void;
  /**
   * NMEA only, in place of the three above: each message as decoded, and position reports
   * as their bits (the ingest's fast path, see decoder.ts).
   */
  nmea?: Pick<NmeaDecoderOptions, "onMessage" | "onPositionBits">;
}

export function createReader(format: ReaderFormat, o: ReaderOptions): AisReader {
  if (format === "csv") {
    const { onJson } = o;
    return new CsvAisReader({
      source: o.source,
      startLine: o.startLine,
      header: o.csvHeader,
      spec: o.columns === undefined ? undefined : columnsFormat(o.columns),
      onPosition: o.onPosition,
      onStatic: o.onStatic,
      onRow: onJson && ((p, s) => (p || s) && onJson(csvRowToGpsdJson(p, s))),
    });
  }
  return new NmeaDecoder({
    source: o.source,
    startLine: o.startLine,
    timeFrom: o.timeFrom,
    onMessage: o.nmea?.onMessage ?? nmeaMessages(o),
    onPositionBits: o.nmea?.onPositionBits,
  });
}

/** What the caller asked for, out of each NMEA message; JSON alone (decode --json) takes the shortest way. */
function nmeaMessages(o: ReaderOptions): NmeaDecoderOptions["onMessage"] {
  const { onJson, onPosition, onStatic } = o;
  if (onPosition === undefined && onStatic === undefined)
    return onJson === undefined ? () => {} : (msg) => onJson(toGpsdJson(msg));
  return (msg, line) => {
    if (onJson !== undefined) onJson(toGpsdJson(msg));
    if (onPosition !== undefined) {
      const p = toPosition(msg);
      if (p !== null) onPosition(p, line);
    }
    if (onStatic !== undefined) {
      const s = toStatic(msg);
      if (s !== null) onStatic(s, line);
    }
  };
}

/**
 * Reads one input through the reader its first line calls for and returns its counts.
 * `afterChunk` runs after each chunk (to flush output) and stops the read by returning
 * false. Throws InputError when the input cannot be read.
 */
export async function readInput(
  input: Input,
  o: ReaderOptions,
  afterChunk?: () => Promise<boolean>,
): Promise<DecodeStats> {
  const sniffed = await sniffInput(input.open());
  const reader = createReader(readerFor(input.name, sniffed, o.columns), { ...o, source: input.name });
  try {
    for await (const chunk of sniffed.chunks) {
      reader.push(chunk);
      if (afterChunk !== undefined && !(await afterChunk())) {
        reader.end();
        return reader.stats;
      }
    }
  } catch (err) {
    // What was read before the failure is kept and counted (a .gz cut short).
    reader.end();
    const e = InputError.from(input.name, err);
    e.stats = reader.stats;
    throw e;
  }
  reader.end();
  checkDecodable(input.name, reader.stats, sniffed.firstLine);
  return reader.stats;
}
