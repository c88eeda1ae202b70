/**
 * Worker thread that reads and decodes one file for the ingest (pipeline.ts), so that
 * decoding and DuckDB appends each get a core. Batches go back to the main thread with
 * their column buffers transferred, not copied, and come back with the acknowledgement to
 * be filled again (no allocation churn across threads); at most MAX_IN_FLIGHT are
 * unacknowledged, which bounds memory when the store is the slower side.
 */
import { parentPort, workerData } from "node:worker_threads";
import { readToEnd } from "../sources/index.js";
import { type PackedStatics, type PositionData, packStatics, positionBuffers } from "../store/batch.js";
import { resolveInputs } from "./inputs.js";
import { type Batch, BatchProducer, type ProducerOptions } from "./producer.js";

export interface DecodeWorkerData extends Omit<ProducerOptions, "onBatch"> {
  path: string;
}

/** A Batch on its way to the main thread, statics packed (batch.ts packStatics). */
export type WireBatch = Omit<Batch, "statics"> & { statics: PackedStatics };

export type WorkerMessage =
  | { type: "batch"; batch: WireBatch }
  /** `readError`: the input failed part-way (a .gz cut short); what was read before is in the batches. */
  | { type: "done"; readError?: string }
  | { type: "error"; message: string };

/**
 * Unacknowledged batches (one per 1 MiB chunk of input, about 0.6 MB of columns each):
 * enough to keep decoding through a commit, when the main thread waits 0.2-0.6 s on
 * DuckDB (measured) while this thread fills about 120 batches a second.
 */
const MAX_IN_FLIGHT = 96;

async function run(data: DecodeWorkerData): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("decode-worker must run as a worker thread");
  let inFlight = 0;
  let resume: (() => void) | null = null;
  const send = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const producer = new BatchProducer({
    ...data,
    onBatch: (batch) => {
      inFlight++;
      const statics = packStatics(batch.statics);
      send({ type: "batch", batch: { ...batch, statics } }, [
        ...positionBuffers(batch.positions),
        statics.numbers.buffer as ArrayBuffer,
      ]);
    },
  });
  port.on("message", (returned: PositionData) => {
    inFlight--;
    producer.recycle(returned);
    resume?.();
  });
  const [input] = await resolveInputs([data.path]);
  const stream = input.open(data.offset);
  const { readError } = await readToEnd(stream, async (chunk) => {
    producer.push(chunk, stream.bytesRead);
    while (inFlight > MAX_IN_FLIGHT) await new Promise<void>((r) => (resume = r));
    resume = null;
    return true;
  });
  producer.end(stream.bytesRead);
  send({ type: "done", readError });
}

run(workerData as DecodeWorkerData).catch((err: unknown) => {
  parentPort?.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) });
});
