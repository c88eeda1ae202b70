/**
 * `ingest SOURCE --bus`: one input decoded as the embedded ingest decodes it (the same
 * producer, dedup and counts) and published instead of stored. A file's messages are keyed
 * by its content fingerprint and size, so publishing it again adds nothing; a feed or
 * stdin gets a key of its own each run. Always from the start of the input: what the
 * worker already stored is skipped by message id.
 */
import { randomUUID } from "node:crypto";
import type { JetStreamClient } from "nats";
import type { TimeFrom } from "../ais/decoder.js";
import { DEFAULT_DEDUP_WINDOW_MS } from "../ingest/dedup.js";
import type { IngestInput } from "../ingest/inputs.js";
import { openProducer, produceBatches, type SourceSummary, undecodable } from "../ingest/pipeline.js";
import { InputError } from "../sources/index.js";
import type { BusOptions } from "./connect.js";
import { BusPublisher, DEFAULT_ROWS_PER_MESSAGE, type PublishStats } from "./publish.js";

export interface PublishOptions {
  dedupWindowMs?: number;
  timeFrom?: TimeFrom;
  columns?: string;
  signal?: AbortSignal;
  /** Rows per message (tests make it small to get many messages from a small input). */
  rowsPerMessage?: number;
  /** A live feed's partly filled messages go out at least this often. */
  flushMs?: number;
  retry?: BusOptions;
}

export type PublishSummary = SourceSummary & { bus?: PublishStats };

export async function publishInput(
  js: JetStreamClient,
  input: IngestInput,
  opts: PublishOptions = {},
): Promise<PublishSummary> {
  const fingerprint = await input.fingerprint();
  const key = fingerprint === null ? `session:${randomUUID()}` : `${fingerprint}:${input.size ?? 0}`;
  const { sniffed, producerOpts } = await openProducer(input, opts, {
    sourceId: 0,
    offset: 0,
    line: 0,
    dedupWindowMs: opts.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS,
  });
  const publisher = new BusPublisher(
    js,
    { key, name: input.name, kind: input.kind },
    opts.rowsPerMessage ?? DEFAULT_ROWS_PER_MESSAGE,
    input.live ? (opts.flushMs ?? 500) : null,
    opts.retry,
  );
  const finished = await produceBatches(input, sniffed.stream, producerOpts, publisher, opts);
  // Stopped part-way: nothing marks the source done, and a re-run publishes it again whole.
  if (finished === false)
    return { source: input.name, sourceId: 0, outcome: "ingested", bytes: 0, counts: {} };
  const bus = await publisher.finish();
  const mark = publisher.last;
  const counts = mark?.counts ?? {};
  const summary: PublishSummary = {
    source: input.name,
    sourceId: 0,
    outcome: "ingested",
    bytes: mark?.bytesRead ?? 0,
    counts,
    bus,
  };
  if (finished.readError !== undefined)
    summary.error = new InputError(input.name, finished.readError).message;
  else if ((counts.lines ?? 0) > 0 && (counts.messages ?? 0) === 0)
    summary.error = new InputError(input.name, undecodable(counts, sniffed.header)).message;
  return summary;
}
