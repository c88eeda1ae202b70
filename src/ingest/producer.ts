/**
 * The decode side of an ingest: bytes → the input's reader (ais/reader.ts: NMEA or a CSV
 * export) → rows (dedup) → batches. It knows nothing of the database, so it can run in the
 * ingest's own thread or in a worker (decode-worker.ts) while the store appends on the
 * other core.
 *
 * A batch goes out when the position columns fill up and after every pushed chunk; the
 * one after a chunk carries a mark: the line end reached (offset, line), the counts so
 * far, and whether it is a safe commit point, i.e. no multi-sentence message is half
 * assembled (a commit there loses nothing and doubles nothing on resume).
 */
import type { TimeFrom } from "../ais/decoder.js";
import { type AisReader, createReader, type ReaderFormat } from "../ais/reader.js";
import type { DecodeStats } from "../model/stats.js";
import { PositionColumns, type PositionData, type StaticRow } from "../store/batch.js";
import { Deduplicator } from "./dedup.js";
import { RowBuilder } from "./rows.js";

export interface BatchMark {
  /** Byte offset of the line end reached (in the uncompressed input). */
  offset: number;
  line: number;
  /** Counts of this run so far (decode and ingest outcomes, flattened). */
  counts: Record<string, number>;
  /** True when committing here is exact (no fragment pending). */
  safe: boolean;
  /** Bytes read from the file or socket (compressed for .gz) and sentences so far, for progress. */
  bytesRead: number;
  sentences: number;
}

export interface Batch {
  positions: PositionData;
  statics: StaticRow[];
  mark: BatchMark | null;
}

export interface ProducerOptions {
  sourceId: number;
  name: string;
  /** Where the input starts: the committed offset and line of the source. */
  offset: number;
  line: number;
  dedupWindowMs: number;
  /** Dedup state to start from (pipeline.ts seedDedup): keys and their times. */
  seed?: { keys: Float64Array; times: Float64Array };
  onBatch: (batch: Batch) => void;
  positionsPerBatch?: number;
  /** NMEA (default) or a CSV export, whose header line must be given when starting past it. */
  format?: ReaderFormat;
  csvHeader?: string;
  /** Where an NMEA message whose line carries no time gets one. */
  timeFrom?: TimeFrom;
  /** `--columns`: the CSV's own columns mapped to fields. */
  columns?: string;
}

/** DecodeStats and ingest outcomes flattened to one counts object ("rejected.bad_checksum": 3, ...). */
export function flattenCounts(stats: DecodeStats, outcomes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {
    lines: stats.lines,
    sentences: stats.sentences,
    messages: stats.messages,
  };
  for (const [k, v] of Object.entries(stats.rejected)) out[`rejected.${k}`] = v;
  for (const [k, v] of Object.entries(stats.decoded)) out[`decoded.${k}`] = v;
  for (const [k, v] of Object.entries(stats.times)) out[`times.${k}`] = v;
  out.placeholder_tag_checksums = stats.placeholder_tag_checksums;
  for (const [k, v] of Object.entries(outcomes)) out[k] = v;
  return out;
}

export class BatchProducer {
  private readonly decoder: AisReader;
  private readonly builder: RowBuilder;
  private readonly capacity: number;
  /** Position columns handed back by the store side, to fill again instead of allocating. */
  private readonly spare: PositionData[] = [];
  private bytes = 0;
  /** Bytes after the last newline pushed: the decoder holds them as an unfinished line. */
  private tail = 0;

  constructor(private readonly opts: ProducerOptions) {
    const dedup = new Deduplicator(opts.dedupWindowMs);
    if (opts.seed)
      for (let i = 0; i < opts.seed.keys.length; i++) dedup.keep(opts.seed.keys[i], opts.seed.times[i]);
    this.capacity = opts.positionsPerBatch ?? 1 << 14;
    this.builder = new RowBuilder(new PositionColumns(this.capacity), dedup, opts.sourceId);
    const full = () => {
      if (this.builder.positions.n === this.capacity) this.emit(null);
    };
    this.decoder = createReader(opts.format ?? "nmea", {
      source: opts.name,
      startLine: opts.line,
      csvHeader: opts.offset > 0 ? opts.csvHeader : undefined,
      timeFrom: opts.timeFrom,
      columns: opts.columns,
      onPosition: (p, line) => {
        this.builder.addPosition(p, line);
        full();
      },
      onStatic: (s, line) => this.builder.addStatic(s, line),
      nmea: {
        onMessage: (msg, line) => {
          this.builder.add(msg, line);
          full();
        },
        onPositionBits: (bits, type, rxtime, line) => {
          this.builder.addPositionBits(bits, type, rxtime, line);
          full();
        },
      },
    });
  }

  /** The line end reached: bytes pushed minus the unfinished line. (Computed here because the decoder's own offset does not count a line split across chunks.) */
  private get lineEnd(): number {
    return this.opts.offset + this.bytes - this.tail;
  }

  get counts(): Record<string, number> {
    return flattenCounts(this.decoder.stats, this.builder.counts);
  }

  private emit(mark: BatchMark | null): void {
    const b = this.builder;
    this.opts.onBatch({ positions: b.positions, statics: b.statics, mark });
    b.positions = new PositionColumns(this.capacity, this.spare.pop());
    b.statics = [];
  }

  /** Takes back the columns of a batch the store side has finished with. */
  recycle(positions: PositionData): void {
    if (positions.mmsi.length === this.capacity) this.spare.push(positions);
  }

  /** Decodes a chunk and emits what it produced, marked with where it got to. */
  push(chunk: Buffer, bytesRead: number): void {
    this.decoder.push(chunk);
    this.bytes += chunk.length;
    const nl = chunk.lastIndexOf(10);
    this.tail = nl < 0 ? this.tail + chunk.length : chunk.length - nl - 1;
    this.emit({
      offset: this.lineEnd,
      line: this.decoder.line,
      counts: this.counts,
      safe: this.decoder.pendingFragments === 0,
      bytesRead,
      sentences: this.decoder.stats.sentences,
    });
  }

  /** Ends the input: the last line without newline is decoded, pending fragments expire. */
  end(bytesRead: number): void {
    this.decoder.end();
    this.tail = 0;
    this.emit({
      offset: this.lineEnd,
      line: this.decoder.line,
      counts: this.counts,
      safe: true,
      bytesRead,
      sentences: this.decoder.stats.sentences,
    });
  }
}
