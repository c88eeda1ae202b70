/**
 * Connecting to the bus (a NATS server with JetStream) and setting up its stream and the
 * workers' durable consumer. An unreachable server is tried again with backoff a bounded
 * number of times, then a one-line BusError names it; once connected, the client itself
 * reconnects (again bounded) to a server that restarts.
 */
import {
  AckPolicy,
  connect,
  DeliverPolicy,
  type JetStreamManager,
  type NatsConnection,
  nanos,
  RetentionPolicy,
  StorageType,
} from "nats";
import { DETECT_STREAM, DETECT_SUBJECT, END_SUBJECT, STREAM, SUBJECT_PREFIX } from "./wire.js";

export class BusError extends Error {
  override name = "BusError";
}

/** How long a delivered message may stay unacknowledged before it is delivered again (a killed worker's). */
export const ACK_WAIT_MS = 10_000;
/** JetStream drops a message whose id it has seen within this window (a re-run ingest's). */
const DUPLICATE_WINDOW_MS = 60 * 60_000;

export interface BusOptions {
  /** Connection attempts before giving up (first connect, and reconnects after a loss). */
  tries?: number;
  /** First wait between attempts; it doubles up to 4 s. */
  backoffMs?: number;
  /** Told of each failed attempt (a line for stderr). */
  onRetry?: (line: string) => void;
}

/** nats://HOST:PORT (or HOST:PORT) → the server address the client takes. */
export function parseBusUrl(url: string): string {
  const m = /^(?:nats:\/\/)?([^/:\s]+):(\d{1,5})\/?$/.exec(url);
  if (!m) throw new BusError(`bad --bus '${url}': nats://HOST:PORT`);
  return `${m[1]}:${m[2]}`;
}

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return (e.message ?? String(err)).split("\n")[0] || String(e.code);
}

/** Errors that trying again cannot cure. */
const PERMANENT = new Set(["MAX_PAYLOAD_EXCEEDED", "BAD_SUBJECT", "AUTHORIZATION_VIOLATION"]);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Connects, trying again with doubling waits; a BusError naming the URL when every try failed. */
export async function connectBus(url: string, opts: BusOptions = {}): Promise<NatsConnection> {
  const server = parseBusUrl(url);
  const tries = opts.tries ?? 6;
  let wait = opts.backoffMs ?? 500;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect({
        servers: server,
        name: "darkfleet",
        timeout: 3000,
        maxReconnectAttempts: tries * 10,
        reconnectTimeWait: 1000,
      });
    } catch (err) {
      if (attempt >= tries) {
        const s = ((Date.now() - started) / 1000).toFixed(1);
        throw new BusError(`${url}: bus unreachable after ${tries} tries in ${s} s (${reason(err)})`);
      }
      opts.onRetry?.(`${url}: ${reason(err)}; trying again in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait);
      wait = Math.min(wait * 2, 4000);
    }
  }
}

/** The workers' durable consumer of records and end markers (shared: each message goes to one worker). */
export const DURABLE = "darkfleet-worker";
/** The detection jobs' consumer: at most one job unacknowledged, so one detector runs at a time. */
export const DETECT_DURABLE = "darkfleet-detector";

async function ensure(
  jsm: JetStreamManager,
  stream: string,
  subjects: string[],
  durable: string,
  maxAckPending: number,
) {
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add({
      name: stream,
      subjects,
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    });
  }
  try {
    await jsm.consumers.info(stream, durable);
  } catch {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: maxAckPending,
    });
  }
}

/**
 * Creates what is missing: the records stream (work queues kept on disk) with the workers'
 * consumer, and the detection jobs' stream with its one-at-a-time consumer.
 */
export async function ensureStreams(jsm: JetStreamManager): Promise<void> {
  await ensure(jsm, STREAM, [`${SUBJECT_PREFIX}.records.>`, END_SUBJECT], DURABLE, 10_000);
  await ensure(jsm, DETECT_STREAM, [DETECT_SUBJECT], DETECT_DURABLE, 1);
}

/** Runs `work` again after a failure while the connection may come back; the last error after `tries`. */
export async function withRetry<T>(what: string, work: () => Promise<T>, opts: BusOptions = {}): Promise<T> {
  const tries = opts.tries ?? 6;
  let wait = opts.backoffMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (PERMANENT.has((err as { code?: string }).code ?? "")) throw new BusError(`${what}: ${reason(err)}`);
      if (attempt >= tries) throw new BusError(`${what}: ${reason(err)} (after ${tries} tries)`);
      opts.onRetry?.(`${what}: ${reason(err)}; trying again in ${(wait / 1000).toFixed(1)} s`);
      await sleep(wait);
      wait = Math.min(wait * 2, 4000);
    }
  }
}
