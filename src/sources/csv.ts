/**
 * Streaming reader for CSV AIS exports (MarineCadastre/NOAA, Danish Maritime Authority):
 * bytes in, Position and Static records out, mirroring the NMEA decoder's shape (push any
 * chunks, end, stats). The format is taken from the header line, columns by name.
 *
 * Every non-blank line after the header is a row and lands in exactly one bucket:
 * decoded["csv"] (good), or rejected as malformed (wrong column count, broken quoting,
 * unrecognised header), invalid_field (see csv-row.ts) or overlong_line. A repeat of the
 * header (files joined with cat) is skipped. Bad rows are reported with their line number
 * through onReject; nothing here throws on bad data.
 *
 * Speed: lines are framed on bytes; a chunk's run of whole lines is decoded to one string
 * when it is pure ASCII (the usual case) and split there, which is far cheaper than a
 * decode per line. `offset` and `line` always describe the last whole line handled, so
 * an ingest can resume with { header, startLine, startOffset }.
 */
import { isAscii } from "node:buffer";
import type { Position, Static } from "../model/records.js";
import { type DecodeStats, emptyStats, type RejectReason } from "../model/stats.js";
import { DMA } from "./csv-dma.js";
import { CsvFields } from "./csv-fields.js";
import {
  type CsvFormatId,
  type CsvFormatSpec,
  columnIndex,
  headerNames,
  matchesFormat,
} from "./csv-format.js";
import { MARINECADASTRE } from "./csv-marinecadastre.js";
import { CsvRowMapper, type RowSink } from "./csv-row.js";
import { LineFramer } from "./line-framer.js";

export const CSV_FORMATS: readonly CsvFormatSpec[] = [MARINECADASTRE, DMA];

/** The CSV format a header line announces, or null. */
export function csvFormatOf(headerLine: string): CsvFormatSpec | null {
  const names = headerNames(headerLine);
  return CSV_FORMATS.find((f) => matchesFormat(f, names)) ?? null;
}

export interface CsvAisReaderOptions {
  onPosition?: (p: Position, line: number) => void;
  onStatic?: (s: Static, line: number) => void;
  /** Each good row once, with its position and static record (either may be null): for one output object per row. */
  onRow?: (p: Position | null, s: Static | null, line: number) => void;
  /** Told about each bad row: why, its line number and its text (cut to 200 characters). */
  onReject?: (reason: RejectReason, line: number, text: string) => void;
  /** Name of the input, for reports. */
  source?: string;
  /** The header line, when the input starts past it (resuming part-way through a file). */
  header?: string;
  /** Line number and byte offset the input starts at (when resuming). */
  startLine?: number;
  startOffset?: number;
  /** Lines longer than this (bytes) are rejected; real rows are under 400. */
  maxLineLength?: number;
  /** The format to read (`--columns`, csv-columns.ts) instead of the one the header announces. */
  spec?: CsvFormatSpec;
}

const NEWLINE = 10;
const CR = 13;

export class CsvAisReader {
  readonly stats: DecodeStats = emptyStats();
  readonly source: string;
  /** Line number of the last whole line handled (1-based; the header is line 1). */
  line: number;
  /** Byte offset just past the last whole line handled. */
  offset: number;
  /** The header line as read (or given), to pass back in when resuming. */
  header: string | null = null;
  /** The format the header announced; null before the header, or when it names no known format. */
  format: CsvFormatId | null = null;
  /** Always 0: a row never spans lines (the NMEA decoder's count of messages half assembled, for callers of both). */
  readonly pendingFragments = 0;

  private mapper: CsvRowMapper | null = null;
  private readonly fields = new CsvFields();
  private columns = 0;
  private headerSeen = false;
  private readonly framer: LineFramer;
  private readonly maxLine: number;
  private readonly emit: RowSink;
  private readonly onReject: CsvAisReaderOptions["onReject"];
  private readonly spec: CsvFormatSpec | undefined;

  constructor(opts: CsvAisReaderOptions = {}) {
    const { onPosition, onStatic, onRow } = opts;
    this.emit = (p, s, line) => {
      if (p !== null) onPosition?.(p, line);
      if (s !== null) onStatic?.(s, line);
      onRow?.(p, s, line);
    };
    this.onReject = opts.onReject;
    this.spec = opts.spec;
    this.source = opts.source ?? "-";
    this.line = opts.startLine ?? 0;
    this.offset = opts.startOffset ?? 0;
    this.maxLine = opts.maxLineLength ?? 4096;
    this.stats.decoded.csv = 0;
    if (opts.header !== undefined) this.readHeader(opts.header);
    this.framer = new LineFramer(this.maxLine, {
      lines: (buf, start, last) => this.wholeLines(buf, start, last),
      line: (buf, start, end, bytes) => this.lineBytes(buf, start, end, bytes),
      overlong: (bytes) => {
        // Counted now, the rest of the line skipped as it comes.
        this.line++;
        this.offset += bytes;
        this.countRow();
        this.reject("overlong_line", "");
      },
      skipped: (bytes) => {
        this.offset += bytes;
      },
    });
  }

  /** Feeds bytes; chunk boundaries may fall anywhere, even inside a UTF-8 character. */
  push(chunk: Uint8Array): void {
    this.framer.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
  }

  /** Ends the input: a last line without a newline is handled. */
  end(): void {
    this.framer.end();
  }

  /** Lines from start up to the newline at `end`, each ended by a newline. */
  private wholeLines(buf: Buffer, start: number, end: number): void {
    if (isAscii(buf.subarray(start, end))) {
      const lines = buf.toString("latin1", start, end).split("\n");
      for (const text of lines) this.handle(text, text.length + 1);
      return;
    }
    let pos = start;
    while (pos <= end) {
      const nl = buf.indexOf(NEWLINE, pos);
      this.lineBytes(buf, pos, nl, nl + 1 - pos);
      pos = nl + 1;
    }
  }

  private lineBytes(buf: Buffer, start: number, end: number, bytes: number): void {
    // Over-long lines are refused before decoding, so garbage cannot cost a large string.
    this.handle(end - start > this.maxLine ? null : buf.toString("utf8", start, end), bytes);
  }

  /** One line (null: too long), which took `bytes` bytes of input including its newline. */
  private handle(raw: string | null, bytes: number): void {
    this.line++;
    this.offset += bytes;
    if (raw === null || raw.length > this.maxLine) {
      this.countRow();
      return this.reject("overlong_line", "");
    }
    const text = raw.charCodeAt(raw.length - 1) === CR ? raw.slice(0, -1) : raw;
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "")) return;
    if (!this.headerSeen) return this.readHeader(text);
    if (text === this.header) return;
    this.countRow();
    if (this.mapper === null) return this.reject("malformed", text);
    const fields = this.fields;
    if (!fields.load(text) || fields.count !== this.columns) return this.reject("malformed", text);
    const reason = this.mapper.map(fields, this.line);
    if (reason !== null) return this.reject(reason, text);
    this.stats.messages++;
    this.stats.decoded.csv++;
  }

  private readHeader(text: string): void {
    this.headerSeen = true;
    this.header = text;
    const spec = this.spec ?? csvFormatOf(text);
    if (spec === null) {
      // Not a header we know: every row will be rejected, and the header line with them.
      this.countRow();
      this.reject("malformed", text);
      return;
    }
    const names = headerNames(text);
    const index = columnIndex(spec, names);
    if (index === null) {
      this.countRow();
      this.reject("malformed", text);
      return;
    }
    this.format = spec.id;
    this.columns = names.length;
    this.mapper = new CsvRowMapper(spec, index, this.emit);
  }

  private countRow(): void {
    this.stats.lines++;
    this.stats.sentences++;
  }

  private reject(reason: RejectReason, text: string): void {
    this.stats.rejected[reason]++;
    this.onReject?.(reason, this.line, text.slice(0, 200));
  }
}
