/**
 * `darkfleet worker`'s loop: pulls messages from the durable consumer in fetches of a few,
 * stores each fetch in one transaction (apply.ts) and only then acknowledges it, so a
 * worker killed at any point loses nothing (the unacknowledged messages are delivered
 * again after ACK_WAIT_MS) and doubles nothing (their ids are in the store).
 *
 * Detection: once a source's end marker finds all its records stored, the marker is held
 * (kept alive with in-progress acknowledgements) until the bus has nothing more to deliver;
 * then the detectors run over the whole store, as `detect --db` does, and the held markers
 * are recorded and acknowledged. A worker killed while detecting leaves its markers
 * unacknowledged, so the next one detects again; events upsert by their deterministic ids.
 */
import type { JetStreamClient, JetStreamManager, JsMsg, NatsConnection } from "nats";
import type { Store } from "../store/store.js";
import { type Applied, BusApplier } from "./apply.js";
import { ACK_WAIT_MS, type BusOptions, DURABLE, ensureConsumer, withRetry } from "./connect.js";
import { decodeMessage, type EndHeader, messageId, STREAM } from "./wire.js";

export interface WorkerOptions {
  /** Messages per fetch, stored in one transaction. */
  batch: number;
  /** Stop once the bus has nothing left to deliver and the detectors have run (batch use, tests). */
  untilIdle?: boolean;
  /** Runs the detectors over the store (the store's connection is free meanwhile). */
  detect: () => Promise<void>;
  log: (line: string) => void;
  signal?: AbortSignal;
  retry?: BusOptions;
}

export interface WorkerSummary {
  stored: number;
  skipped: number;
  positions: number;
  statics: number;
  sources: number;
  detections: number;
}

const FETCH_EXPIRES_MS = 1000;

async function fetchSome(js: JetStreamClient, max: number): Promise<JsMsg[]> {
  const consumer = await js.consumers.get(STREAM, DURABLE);
  const iter = await consumer.fetch({ max_messages: max, expires: FETCH_EXPIRES_MS });
  const out: JsMsg[] = [];
  for await (const m of iter) out.push(m);
  return out;
}

async function drained(jsm: JetStreamManager): Promise<boolean> {
  const info = await jsm.consumers.info(STREAM, DURABLE);
  return info.num_pending === 0 && info.num_ack_pending === 0;
}

export async function runWorker(
  nc: NatsConnection,
  store: Store,
  opts: WorkerOptions,
): Promise<WorkerSummary> {
  const retry: BusOptions = { onRetry: opts.log, ...opts.retry };
  const jsm = await withRetry("bus: JetStream", () => nc.jetstreamManager(), retry);
  await withRetry("bus: stream and consumer", () => ensureConsumer(jsm), retry);
  const js = nc.jetstream();
  const applier = new BusApplier(store);
  await applier.open();
  const summary: WorkerSummary = {
    stored: 0,
    skipped: 0,
    positions: 0,
    statics: 0,
    sources: 0,
    detections: 0,
  };
  const held: { msg: JsMsg; end: EndHeader }[] = [];
  const keepAlive = setInterval(() => {
    for (const h of held) h.msg.working();
  }, ACK_WAIT_MS / 3);
  try {
    while (!opts.signal?.aborted) {
      const msgs = await withRetry("bus: fetch", () => fetchSome(js, opts.batch), retry);
      if (msgs.length > 0) {
        const decoded = msgs.map((m) => ({ msg: m, body: decodeMessage(m.data) }));
        const applied = await applier.apply(decoded.map((d) => d.body));
        for (const d of decoded) if (d.body.what !== "end") d.msg.ack();
        add(summary, applied);
        if (applied.stored + applied.skipped > 0)
          opts.log(
            `worker: stored ${applied.stored} messages (${applied.positions} positions, ${applied.statics} static reports)` +
              (applied.skipped ? `, ${applied.skipped} stored before` : ""),
          );
        for (const d of decoded)
          if (d.body.what === "end" && (await endMarker(applier, d.msg, d.body, held, opts)))
            summary.sources++;
        continue;
      }
      if (held.length > 0) {
        await applier.close();
        opts.log(`worker: detecting over the store (${held.length} sources complete)`);
        await opts.detect();
        await applier.open();
        await applier.markDetected(held.map((h) => h.end));
        for (const h of held.splice(0)) h.msg.ack();
        summary.detections++;
        continue;
      }
      if (opts.untilIdle && (await withRetry("bus: consumer info", () => drained(jsm), retry))) break;
    }
  } finally {
    clearInterval(keepAlive);
    await applier.close();
  }
  return summary;
}

function add(s: WorkerSummary, a: Applied): void {
  s.stored += a.stored;
  s.skipped += a.skipped;
  s.positions += a.positions;
  s.statics += a.statics;
}

/** A source's end marker: held for detection once its records are all stored, acknowledged at once if it was detected before. */
async function endMarker(
  applier: BusApplier,
  msg: JsMsg,
  end: EndHeader,
  held: { msg: JsMsg; end: EndHeader }[],
  opts: WorkerOptions,
): Promise<boolean> {
  if (held.some((h) => h.end.source.key === end.source.key)) return false;
  if (await applier.isApplied(messageId(end))) {
    msg.ack();
    return false;
  }
  if (await applier.completeSource(end)) {
    opts.log(`worker: ${end.source.name}: complete (${end.messages} messages)`);
    held.push({ msg, end });
    return true;
  }
  // Some of its records are still to be delivered again (a killed worker's): look later.
  msg.nak(1000);
  return false;
}
