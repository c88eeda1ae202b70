/**
 * Ingests one input into a store, exactly once per source: bytes → NmeaDecoder → rows
 * (dedup) → the store's RowWriter (store/backend.ts), committing rows together with the
 * source's byte offset.
 *
 * A commit happens only after a whole chunk has been decoded and no multi-sentence
 * message is half-assembled (decoder.pendingFragments === 0), so the offset is a line
 * end with no fragment state behind it: re-reading from there after a kill decodes
 * exactly what the killed run had not committed. Dedup state is rebuilt from the rows
 * committed within the window (seedDedup). Files commit every `commitRows` rows; live
 * feeds every `commitMs` at the latest.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { TimeFrom } from "../ais/decoder.js";
import { nothingDecodable } from "../ais/reader.js";
import { type ByteStream, InputError, readToEnd } from "../sources/index.js";
import type { IngestTarget, RowWriter } from "../store/backend.js";
import { positionBuffers, unpackStatics } from "../store/batch.js";
import { DuckStore } from "../store/duck-backend.js";
import type { SourceEntry } from "../store/ingest-log.js";
import { Store } from "../store/store.js";
import type { DecodeWorkerData, WorkerMessage } from "./decode-worker.js";
import { DEFAULT_DEDUP_WINDOW_MS } from "./dedup.js";
import { type IngestInput, sniffFormat, withHeartbeat } from "./inputs.js";
import { type Batch, type BatchMark, BatchProducer, type ProducerOptions } from "./producer.js";
import { positionKey, staticKey } from "./rows.js";

export interface IngestOptions {
  dedupWindowMs?: number;
  /** File inputs commit once this many rows are pending (at the next safe point). */
  commitRows?: number;
  /** Live inputs commit at least this often. */
  commitMs?: number;
  /** Called after every chunk with the bytes read from the file or socket so far in this run. */
  onProgress?: (p: { bytes: number; sentences: number }) => void;
  /** Stops a live input; a file input stops too, keeping only what was committed. */
  signal?: AbortSignal;
  /** Decode files in a worker thread (default true when the compiled worker exists). */
  worker?: boolean;
  /**
   * Sees every batch of deduplicated rows as it is appended, before its commit (a live
   * detector, `ingest --detect`). The columns are reused afterwards: copy what is kept.
   */
  onBatch?: (batch: Batch) => void;
  /** Where an NMEA message whose line carries no time gets one (default: base stations for files, the receive time for live feeds). */
  timeFrom?: TimeFrom;
  /** `--columns`: read the inputs as CSV with these columns mapped to fields. */
  columns?: string;
}

export interface SourceSummary {
  source: string;
  sourceId: number;
  /** "skipped": already fully ingested; "resumed": continued from a committed offset. */
  outcome: "ingested" | "resumed" | "skipped";
  /** Bytes read from the file or socket in this run. */
  bytes: number;
  /** Counts of this run only, by reason. */
  counts: Record<string, number>;
  /**
   * Why the input failed, one line naming it, when it did: cut short part-way (what was
   * read before is stored and counted) or nothing in it decodable.
   */
  error?: string;
}

/** How a producer ended: false when stopped; else done, with the read error that ended it early, if one did. */
export type Produced = false | { readError?: string };

/** A quiet live feed still commits what it holds within commitMs plus this. */
const HEARTBEAT_MS = 200;
const WORKER_URL = new URL("./decode-worker.js", import.meta.url);

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The dedup state a clean run would hold at the committed offset of a source: kept keys and times, in input order. */
async function dedupSeed(
  store: IngestTarget,
  sourceId: number,
  windowMs: number,
): Promise<{ keys: Float64Array; times: Float64Array }> {
  const { positions, statics } = await store.recentRows(sourceId, windowMs);
  const keys: number[] = [];
  const times: number[] = [];
  for (const p of positions) {
    keys.push(positionKey(p.mmsi, p.msg_type, p.lat, p.lon, p.sog, p.cog, p.heading, p.nav_status, p.second));
    times.push(p.t);
  }
  // Type 19 was judged by its position row (above); 5 and 24 by their static fields.
  for (const s of statics) {
    keys.push(staticKey(s));
    times.push(s.t);
  }
  return { keys: Float64Array.from(keys), times: Float64Array.from(times) };
}

/** Finds or registers the source; null when a file was already ingested to its end. */
async function startSource(
  store: IngestTarget,
  input: IngestInput,
): Promise<{ entry: SourceEntry; resumed: boolean } | null> {
  const fingerprint = await input.fingerprint();
  if (fingerprint !== null) {
    const entry = await store.findSource(fingerprint);
    // A file that grew since (a log being appended to) continues from where it ended.
    const grown = entry !== null && input.kind === "file" && (input.size ?? 0) > entry.offset;
    if (entry !== null && entry.status === "done" && !grown) return null;
    if (entry !== null) return { entry, resumed: true };
  }
  return { entry: await store.createSource(input.name, input.kind, fingerprint), resumed: false };
}

/** Where decoded batches go, in order: the store (BatchConsumer) or a bus publisher (bus/publish.ts). */
export interface BatchSink {
  consume(batch: Batch): Promise<void>;
}

/**
 * The store side: appends batches and commits at safe marks once enough rows are pending
 * (files) or enough time has passed (live feeds).
 */
class BatchConsumer implements BatchSink {
  private last: BatchMark | null = null;
  private lastCommit = Date.now();

  constructor(
    private readonly writer: RowWriter,
    private readonly entry: SourceEntry,
    private readonly commitRows: number,
    private readonly commitMs: number | null,
    private readonly onProgress?: IngestOptions["onProgress"],
    private readonly onBatch?: IngestOptions["onBatch"],
  ) {}

  async consume(batch: Batch): Promise<void> {
    this.writer.appendPositions(batch.positions);
    this.writer.appendStatics(batch.statics);
    this.onBatch?.(batch);
    const mark = batch.mark;
    if (mark === null) return;
    this.last = mark;
    this.onProgress?.({ bytes: mark.bytesRead, sentences: mark.sentences });
    const due =
      this.writer.pending >= this.commitRows ||
      (this.commitMs !== null && this.writer.pending > 0 && Date.now() - this.lastCommit >= this.commitMs);
    if (due && mark.safe) await this.commit(mark, "running");
  }

  private async commit(mark: BatchMark, status: "running" | "done"): Promise<void> {
    await this.writer.commit(this.entry.sourceId, {
      offset: mark.offset,
      line: mark.line,
      status,
      counts: addCounts(this.entry.counts, mark.counts),
    });
    this.lastCommit = Date.now();
  }

  /**
   * Commits the final mark (the producer's end); returns it. An input cut short stays
   * "running", not done: a whole copy of it later (the same first bytes: a download that
   * was cut, then finished) continues from where this one ended instead of being skipped.
   */
  async finish(cutShort: boolean): Promise<BatchMark> {
    const mark = this.last as BatchMark;
    await this.commit(mark, cutShort ? "running" : "done");
    return mark;
  }
}

/** Decodes in this thread; returns false when stopped before the end. */
async function produceHere(
  input: IngestInput,
  opened: ByteStream | null,
  producerOpts: Omit<ProducerOptions, "onBatch">,
  consumer: BatchSink,
  signal: AbortSignal | undefined,
): Promise<Produced> {
  const queue: Batch[] = [];
  const producer = new BatchProducer({ ...producerOpts, onBatch: (b) => queue.push(b) });
  const drain = async () => {
    for (const b of queue.splice(0)) {
      await consumer.consume(b);
      producer.recycle(b.positions);
    }
  };
  const stream = opened ?? input.open(producerOpts.offset, signal);
  // An input that failed part-way: what was read before it is kept, as if it ended there.
  const { readError, stopped } = await readToEnd(
    input.live ? withHeartbeat(stream, HEARTBEAT_MS) : stream,
    async (chunk) => {
      producer.push(chunk, stream.bytesRead);
      await drain();
      return !(signal?.aborted && !input.live);
    },
  );
  if (stopped) return false;
  producer.end(stream.bytesRead);
  await drain();
  return { readError };
}

/** Decodes a file in a worker thread, consuming its batches here in order; returns false when stopped. */
async function produceInWorker(
  path: string,
  producerOpts: Omit<ProducerOptions, "onBatch">,
  consumer: BatchSink,
  signal: AbortSignal | undefined,
): Promise<Produced> {
  const data: DecodeWorkerData = { ...producerOpts, path };
  const worker = new Worker(WORKER_URL, { workerData: data });
  try {
    return await new Promise<Produced>((resolve, reject) => {
      let chain = Promise.resolve();
      const stop = () => resolve(false);
      signal?.addEventListener("abort", stop, { once: true });
      worker.on("error", reject);
      worker.on("message", (m: WorkerMessage) => {
        chain = chain
          .then(async () => {
            if (signal?.aborted) return;
            if (m.type === "batch") {
              await consumer.consume({ ...m.batch, statics: unpackStatics(m.batch.statics) });
              // The acknowledgement hands the column buffers back for reuse.
              worker.postMessage(m.batch.positions, positionBuffers(m.batch.positions));
            } else if (m.type === "done") resolve({ readError: m.readError });
            else reject(new Error(m.message));
          })
          .catch(reject);
      });
    });
  } finally {
    await worker.terminate();
  }
}

/**
 * Sniffs an input's format and gives the producer's options for it from where its source
 * starts: one place for the store's ingest and the bus publisher.
 */
export async function openProducer(
  input: IngestInput,
  opts: Pick<IngestOptions, "signal" | "columns" | "timeFrom">,
  start: Pick<ProducerOptions, "sourceId" | "offset" | "line" | "dedupWindowMs" | "seed">,
): Promise<{
  sniffed: Awaited<ReturnType<typeof sniffFormat>>;
  producerOpts: Omit<ProducerOptions, "onBatch">;
}> {
  const sniffed = await sniffFormat(input, opts.signal, opts.columns);
  const producerOpts = {
    format: sniffed.format,
    csvHeader: sniffed.header,
    timeFrom: opts.timeFrom ?? (input.live ? "now" : "base-stations"),
    columns: opts.columns,
    name: input.name,
    ...start,
  };
  return { sniffed, producerOpts };
}

/**
 * Decodes an input into `sink`, batch by batch in order: a file in a worker thread (when the
 * compiled worker exists and `opts.worker` allows), anything else here. `opened` is the
 * stream sniffFormat already started, if any.
 */
export function produceBatches(
  input: IngestInput,
  opened: ByteStream | null,
  producerOpts: Omit<ProducerOptions, "onBatch">,
  sink: BatchSink,
  opts: Pick<IngestOptions, "worker" | "signal">,
): Promise<Produced> {
  const useWorker = input.path !== null && opts.worker !== false && existsSync(fileURLToPath(WORKER_URL));
  return useWorker
    ? produceInWorker(input.path as string, producerOpts, sink, opts.signal)
    : produceHere(input, opened, producerOpts, sink, opts.signal);
}

/** The one-line error of an input that decoded to nothing, from its counts and first line. */
export function undecodable(counts: Record<string, number>, firstLine: string): string {
  const rejected: Record<string, number> = {};
  for (const [k, v] of Object.entries(counts)) if (k.startsWith("rejected.")) rejected[k.slice(9)] = v;
  return nothingDecodable(counts.lines ?? 0, rejected, firstLine);
}

export async function ingestInput(
  target: Store | IngestTarget,
  input: IngestInput,
  opts: IngestOptions = {},
): Promise<SourceSummary> {
  const store = target instanceof Store ? new DuckStore(target) : target;
  const started = await startSource(store, input);
  if (started === null) {
    const entry = await store.findSource((await input.fingerprint()) as string);
    return { source: input.name, sourceId: entry?.sourceId ?? 0, outcome: "skipped", bytes: 0, counts: {} };
  }
  const { entry, resumed } = started;
  const dedupWindowMs = opts.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS;
  const { sniffed, producerOpts } = await openProducer(input, opts, {
    sourceId: entry.sourceId,
    offset: entry.offset,
    line: entry.line,
    dedupWindowMs,
    seed: resumed ? await dedupSeed(store, entry.sourceId, dedupWindowMs) : undefined,
  });
  const writer = await store.openWriter();
  const commitMs = input.live ? (opts.commitMs ?? 500) : null;
  const consumer = new BatchConsumer(
    writer,
    entry,
    opts.commitRows ?? 1_000_000,
    commitMs,
    opts.onProgress,
    opts.onBatch,
  );
  let end: BatchMark | null = null;
  let readError: string | undefined;
  try {
    await writer.begin();
    const finished = await produceBatches(input, sniffed.stream, producerOpts, consumer, opts);
    if (finished !== false) {
      readError = finished.readError;
      end = await consumer.finish(readError !== undefined);
    }
    // Stopped part-way: keep the last commit; the next run re-reads from there.
    else await writer.rollback();
  } catch (err) {
    await writer.rollback();
    throw err;
  } finally {
    await writer.close();
  }
  const counts = end?.counts ?? {};
  const summary: SourceSummary = {
    source: input.name,
    sourceId: entry.sourceId,
    outcome: resumed ? "resumed" : "ingested",
    bytes: end?.bytesRead ?? 0,
    counts,
  };
  if (readError !== undefined) summary.error = new InputError(input.name, readError).message;
  else if (end !== null && !resumed && (counts.lines ?? 0) > 0 && (counts.messages ?? 0) === 0)
    summary.error = new InputError(input.name, undecodable(counts, sniffed.header)).message;
  return summary;
}
