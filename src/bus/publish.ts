/**
 * The ingest's bus side: takes the decoder's batches (ingest/pipeline.ts BatchSink), splits
 * their rows by MMSI partition and publishes them to JetStream, each message with an id
 * fixed by its content (wire.ts messageId), so a re-run ingest, or a publish tried again
 * after a lost acknowledgement, adds nothing within the stream's duplicate window (and the
 * worker skips any message id it has stored beyond it). Publishes are pipelined, at most
 * MAX_IN_FLIGHT awaiting their acknowledgement; `finish` waits for every one, then
 * publishes the source's end marker.
 */
import type { JetStreamClient } from "nats";
import type { BatchSink } from "../ingest/pipeline.js";
import type { Batch, BatchMark } from "../ingest/producer.js";
import { PositionColumns, type StaticRow } from "../store/batch.js";
import { type BusOptions, withRetry } from "./connect.js";
import {
  END_SUBJECT,
  type EndHeader,
  encodeEnd,
  encodePositions,
  encodeStatics,
  messageId,
  PARTITIONS,
  partitionOf,
  type RecordsHeader,
  recordsSubject,
  type SourceRef,
} from "./wire.js";

/** Positions a message carries by default: about 135 kB, well under NATS's 1 MB limit. */
export const DEFAULT_ROWS_PER_MESSAGE = 4096;
/** Static reports go as JSON, up to about 400 bytes a row: a sixteenth as many per message. */
const STATICS_PER_POSITION = 1 / 16;
const MAX_IN_FLIGHT = 64;

export interface PublishStats {
  messages: number;
  /** Messages JetStream already held (same id within its duplicate window). */
  duplicates: number;
}

export class BusPublisher implements BatchSink {
  private readonly positions: PositionColumns[];
  private readonly statics: StaticRow[][];
  private readonly seq = { positions: new Array(PARTITIONS).fill(0), statics: new Array(PARTITIONS).fill(0) };
  private readonly inFlight = new Set<Promise<void>>();
  private readonly staticRows: number;
  private lastFlush = Date.now();
  last: BatchMark | null = null;
  readonly stats: PublishStats = { messages: 0, duplicates: 0 };

  constructor(
    private readonly js: JetStreamClient,
    private readonly source: SourceRef,
    private readonly rows: number = DEFAULT_ROWS_PER_MESSAGE,
    /** Live feeds: publish partly filled messages at least this often (their ids need not repeat). */
    private readonly flushMs: number | null = null,
    private readonly retry: BusOptions = {},
  ) {
    this.staticRows = Math.max(1, Math.floor(rows * STATICS_PER_POSITION));
    this.positions = Array.from({ length: PARTITIONS }, () => new PositionColumns(rows));
    this.statics = Array.from({ length: PARTITIONS }, () => []);
  }

  async consume(batch: Batch): Promise<void> {
    const b = batch.positions;
    for (let i = 0; i < b.n; i++) {
      const p = partitionOf(b.mmsi[i]);
      const to = this.positions[p];
      const k = to.n++;
      to.mmsi[k] = b.mmsi[i];
      to.t[k] = b.t[i];
      to.lat[k] = b.lat[i];
      to.lon[k] = b.lon[i];
      to.sog[k] = b.sog[i];
      to.cog[k] = b.cog[i];
      to.heading[k] = b.heading[i];
      to.navStatus[k] = b.navStatus[i];
      to.msgType[k] = b.msgType[i];
      to.second[k] = b.second[i];
      to.line[k] = b.line[i];
      if (to.n === this.rows) await this.sendPositions(p);
    }
    for (const s of batch.statics) {
      const p = partitionOf(s.mmsi);
      this.statics[p].push(s);
      if (this.statics[p].length === this.staticRows) await this.sendStatics(p);
    }
    if (batch.mark === null) return;
    this.last = batch.mark;
    if (this.flushMs !== null && Date.now() - this.lastFlush >= this.flushMs) await this.flush();
  }

  /** Publishes every partly filled message, waits for every acknowledgement, then the end marker. */
  async finish(): Promise<PublishStats> {
    await this.flush();
    await Promise.all(this.inFlight);
    const mark = this.last as BatchMark;
    const end: EndHeader = {
      what: "end",
      source: this.source,
      messages: this.stats.messages,
      rows: this.rows,
      offset: mark.offset,
      line: mark.line,
      counts: mark.counts,
    };
    await this.publish(END_SUBJECT, encodeEnd(end), messageId(end), false);
    return this.stats;
  }

  private async flush(): Promise<void> {
    for (let p = 0; p < PARTITIONS; p++) {
      if (this.positions[p].n > 0) await this.sendPositions(p);
      if (this.statics[p].length > 0) await this.sendStatics(p);
    }
    this.lastFlush = Date.now();
  }

  private header(what: RecordsHeader["what"], partition: number): RecordsHeader {
    return { what, source: this.source, partition, rows: this.rows, seq: this.seq[what][partition]++ };
  }

  private async sendPositions(p: number): Promise<void> {
    const h = this.header("positions", p);
    const data = encodePositions(h, this.positions[p]);
    this.positions[p].n = 0;
    await this.pipelined(recordsSubject(p), data, messageId(h));
  }

  private async sendStatics(p: number): Promise<void> {
    const h = this.header("statics", p);
    const data = encodeStatics(h, this.statics[p]);
    this.statics[p] = [];
    await this.pipelined(recordsSubject(p), data, messageId(h));
  }

  /** Starts a publish, first waiting for a slot when MAX_IN_FLIGHT are unacknowledged. */
  private async pipelined(subject: string, data: Uint8Array, id: string): Promise<void> {
    while (this.inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.inFlight);
    this.stats.messages++;
    const sent = this.publish(subject, data, id).finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
    // A failed publish surfaces through finish (Promise.all); keep it from being unhandled meanwhile.
    sent.catch(() => undefined);
  }

  /** One publish, tried again with the same id (JetStream drops the copy if the first got through). */
  private async publish(subject: string, data: Uint8Array, id: string, counted = true): Promise<void> {
    const ack = await withRetry(
      `publish to ${subject}`,
      () => this.js.publish(subject, data, { msgID: id, timeout: 5000 }),
      this.retry,
    );
    if (ack.duplicate && counted) this.stats.duplicates++;
  }
}
