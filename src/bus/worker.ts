/**
 * `darkfleet worker`'s loop. Any number of workers share one durable consumer of records
 * and end markers; each pulls a few messages, stores them in one transaction (apply.ts)
 * and only then acknowledges them, so a worker killed at any point loses nothing (its
 * unacknowledged messages go to a worker again after ACK_WAIT_MS) and doubles nothing
 * (their ids are in the store).
 *
 * Detection: a source's end marker, once every record of the source is stored, becomes a
 * detection job on a stream whose consumer lets one job be unacknowledged at a time, so
 * one detector runs at a time across all workers. A job runs the detectors over the
 * whole store, as `detect --db` does, and records which done sources it covered; a later
 * job for a covered source is acknowledged with nothing to do. The last run starts after
 * every source is stored, so the stored events are those of the embedded path. A worker
 * killed while detecting leaves its job unacknowledged, and another runs it again (events
 * upsert by their deterministic ids). See docs/bus.md.
 */
import type { JetStreamClient, JetStreamManager, JsMsg, NatsConnection } from "nats";
import { type Applied, BusApplier, detectedId } from "./apply.js";
import {
  ACK_WAIT_MS,
  type BusOptions,
  DETECT_DURABLE,
  DURABLE,
  ensureStreams,
  withRetry,
} from "./connect.js";
import type { BusLedger } from "./ledger.js";
import {
  type BusMessage,
  DETECT_STREAM,
  DETECT_SUBJECT,
  decodeMessage,
  type EndHeader,
  STREAM,
  WireError,
} from "./wire.js";

export interface WorkerOptions {
  /** Messages per fetch, stored in one transaction. */
  batch: number;
  /** Stop once the bus has nothing left to deliver and no detection job is waiting (batch use, tests). */
  untilIdle?: boolean;
  /** Runs the detectors over the store (the store's connection is free meanwhile); null: a storing-only worker, which leaves the detection jobs to others. */
  detect: (() => Promise<void>) | null;
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
  /** Messages that were not whole darkfleet messages. */
  refused: number;
}

const FETCH_EXPIRES_MS = 1000;

async function fetchSome(
  js: JetStreamClient,
  stream: string,
  durable: string,
  max: number,
): Promise<JsMsg[]> {
  const consumer = await js.consumers.get(stream, durable);
  const iter = await consumer.fetch({ max_messages: max, expires: FETCH_EXPIRES_MS });
  const out: JsMsg[] = [];
  for await (const m of iter) out.push(m);
  return out;
}

async function drained(jsm: JetStreamManager, detects: boolean): Promise<boolean> {
  const consumers = [[STREAM, DURABLE]];
  if (detects) consumers.push([DETECT_STREAM, DETECT_DURABLE]);
  for (const [stream, durable] of consumers) {
    const info = await jsm.consumers.info(stream, durable);
    if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
  }
  return true;
}

export async function runWorker(
  nc: NatsConnection,
  store: BusLedger,
  opts: WorkerOptions,
): Promise<WorkerSummary> {
  const retry: BusOptions = { onRetry: opts.log, ...opts.retry };
  const jsm = await withRetry("bus: JetStream", () => nc.jetstreamManager(), retry);
  await withRetry("bus: streams and consumers", () => ensureStreams(jsm), retry);
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
    refused: 0,
  };
  /** Messages of this turn not yet acknowledged: given back at once when the store's connection is lost. */
  let inHand: JsMsg[] = [];
  const turn = async (): Promise<"again" | "idle"> => {
    const msgs = await withRetry("bus: fetch", () => fetchSome(js, STREAM, DURABLE, opts.batch), retry);
    inHand = msgs;
    if (msgs.length > 0) {
      const decoded = readable(msgs, summary, opts.log);
      const applied = await keepingOurs(
        decoded.map((d) => d.msg),
        () => applier.apply(decoded.map((d) => d.body)),
      );
      for (const d of decoded) if (d.body.what !== "end") d.msg.ack();
      add(summary, applied);
      if (applied.stored + applied.skipped + applied.otherCut > 0) opts.log(storedLine(applied));
      for (const d of decoded) {
        if (d.body.what !== "end") continue;
        if (await endMarker(js, applier, d.msg, d.body, retry, opts.log)) {
          summary.sources++;
          opts.log(`worker: ${d.body.source.name}: complete (${d.body.messages} messages)`);
        }
      }
      return "again";
    }
    const detect = opts.detect;
    if (detect !== null) {
      const [job] = await withRetry(
        "bus: fetch",
        () => fetchSome(js, DETECT_STREAM, DETECT_DURABLE, 1),
        retry,
      );
      if (job !== undefined) {
        inHand = [job];
        if (await detectJob(applier, job, detect, opts.log)) summary.detections++;
        return "again";
      }
    }
    const idle = () => drained(jsm, detect !== null);
    return opts.untilIdle && (await withRetry("bus: consumer info", idle, retry)) ? "idle" : "again";
  };
  try {
    while (!opts.signal?.aborted) {
      try {
        if ((await turn()) === "idle") break;
      } catch (err) {
        if (!store.isConnectionLoss(err)) throw err;
        // Nothing of the turn is lost: what did not commit is redone by whichever worker
        // takes the messages (a commit that landed unacknowledged is skipped by its ids).
        opts.log(`worker: ${store.location}: connection lost (${firstLine(err)}); reconnecting`);
        for (const m of inHand) m.nak();
        await applier.close().catch(() => undefined);
        await store.reconnect();
        await applier.open();
      }
      inHand = [];
    }
  } finally {
    await applier.close();
  }
  return summary;
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0];

/** The messages that decode; any other is terminated (never delivered again) and counted, with a line naming it. */
function readable(msgs: JsMsg[], summary: WorkerSummary, log: (line: string) => void) {
  const out: { msg: JsMsg; body: BusMessage }[] = [];
  for (const msg of msgs) {
    try {
      out.push({ msg, body: decodeMessage(msg.data) });
    } catch (err) {
      if (!(err instanceof WireError)) throw err;
      log(`worker: ${STREAM} message ${msg.seq} on ${msg.subject} refused: ${err.message}`);
      summary.refused++;
      msg.term();
    }
  }
  return out;
}

function storedLine(a: Applied): string {
  return (
    `worker: stored ${a.stored} messages (${a.positions} positions, ${a.statics} static reports)` +
    (a.skipped ? `, ${a.skipped} stored before` : "") +
    (a.otherCut ? `, ${a.otherCut} refused (the source was stored cut into messages of another size)` : "")
  );
}

function add(s: WorkerSummary, a: Applied): void {
  s.stored += a.stored;
  s.skipped += a.skipped;
  s.positions += a.positions;
  s.statics += a.statics;
}

/**
 * A source's end marker: when all its records are stored, the source is marked done and
 * its detection job published, then the marker is acknowledged; else it is looked at again
 * in a second (records of a killed worker still to be delivered again, or in another
 * worker's transaction). True when the source was completed now.
 */
async function endMarker(
  js: JetStreamClient,
  applier: BusApplier,
  msg: JsMsg,
  end: EndHeader,
  retry: BusOptions,
  log: (line: string) => void,
): Promise<boolean> {
  const state = await applier.completeSource(end);
  if (state === "incomplete") {
    msg.nak(1000);
    return false;
  }
  if (state === "other cut") {
    log(
      `worker: ${end.source.name}: stored before cut into messages of another size: publish it again with the --bus-rows it had`,
    );
    msg.ack();
    return false;
  }
  const job = new TextEncoder().encode(JSON.stringify({ source: end.source.key }));
  await withRetry(
    "bus: publish detection job",
    () => js.publish(DETECT_SUBJECT, job, { msgID: detectedId(end.source.key), timeout: 5000 }),
    retry,
  );
  msg.ack();
  return true;
}

/** Runs a detection job unless a run since its source was done covered it; true when the detectors ran. */
async function detectJob(
  applier: BusApplier,
  job: JsMsg,
  detect: () => Promise<void>,
  log: (line: string) => void,
): Promise<boolean> {
  const { source } = JSON.parse(new TextDecoder().decode(job.data)) as { source: string };
  if (await applier.isApplied(detectedId(source))) {
    job.ack();
    return false;
  }
  const covered = await applier.doneSources();
  await applier.close();
  try {
    log(`worker: detecting over the store (${covered.length} sources done)`);
    await keepingOurs([job], detect);
  } finally {
    await applier.open();
  }
  await applier.markDetected(covered);
  job.ack();
  return true;
}

/**
 * Runs `work` with `msgs` kept ours (in-progress acks), however long it takes: a detector
 * run, or a big fetch's transaction on a busy database (measured: 128 messages of 4096
 * positions took longer than the ack wait), would otherwise go to another worker after
 * the ack wait, which would do it all again.
 */
async function keepingOurs<T>(msgs: JsMsg[], work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    for (const m of msgs) m.working();
  }, ACK_WAIT_MS / 3);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
