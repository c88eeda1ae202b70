/**
 * Every detector over the store (`darkfleet detect --db`): the replay reads each window
 * of positions and static reports and puts it in time order on this thread, while a
 * worker thread (detect-worker.ts) pushes the window before it through the detectors, so
 * the two halves, each about half the work, run on two cores. The records, their order
 * and so the events are those of a replay on one thread (`threads: 1`, or where the
 * compiled worker is missing, as under the tests' TypeScript loader). The anchorages
 * learned from the store are brought up to date first and given to the detectors.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { distanceM } from "../../geo/distance.js";
import type { Port } from "../../geo/zones.js";
import type { Event } from "../../model/event.js";
import { loadWorldPorts } from "../../profile/world.js";
import type { AnchorageParams } from "../../store/anchorages.js";
import type { DetectSource } from "../../store/backend.js";
import { DuckStore } from "../../store/duck-backend.js";
import {
  detachStatics,
  type OrderedWindow,
  type ReplayOptions,
  type ReplayStats,
  replayFrom,
  windowBuffers,
} from "../../store/replay.js";
import { Store } from "../../store/store.js";
import { DEFAULT_CONFIG, type DetectConfig } from "../config.js";
import { type Geography, NATURAL_EARTH } from "../geography.js";
import type { DetectWorkerData, FromDetectWorker, ToDetectWorker } from "./detect-worker.js";
import type { RunnerStats } from "./runner.js";
import { newRunner, type RunnerSettings } from "./runner-settings.js";

export interface StoreDetectOptions extends ReplayOptions {
  /** 1: read and detect on this thread; 2 (default): detect on a worker thread. */
  threads?: 1 | 2;
}

export interface StoreDetectResult {
  stats: RunnerStats;
  replay: ReplayStats;
}

const WORKER_URL = new URL("./detect-worker.js", import.meta.url);
/**
 * Windows handed over and not yet detected: one being detected and one waiting, so the
 * worker never idles behind the reader; with the one being read, memory holds three
 * windows, about 30 MB each at the replay's default window size.
 */
const MAX_IN_FLIGHT = 2;

/** The anchorage settings of a detector config (config.ts). */
export function anchorageParams(c: DetectConfig = DEFAULT_CONFIG): AnchorageParams {
  return {
    cellDeg: c.anchorageCellDeg,
    maxSpeedKn: c.anchorageMaxSpeedKn,
    minStayMs: c.anchorageMinStayMs,
    minVessels: c.anchorageMinVessels,
  };
}

/**
 * The learned cells that may be anchorages: near a port or inside the territorial sea, or
 * a busy roadstead farther out. A few days' data need so few vessels per cell
 * (anchorageMinVessels) that a hub of open-sea transfers would qualify too; those lie far
 * out, and must stay visible. Some ports' anchorages do lie far out (the Yangtze estuary's
 * 25-30 nm east of the estuary, 80-100 km from Shanghai's WPI point: China P&I LP 05/2025),
 * so a cell beyond that still counts when as many distinct vessels lay there as a queue
 * gathers (anchorageOffshoreMinVessels, twice the coastal count) within
 * anchorageOffshoreMaxPortDistM of a port: a transfer is two ships, not a queue of eight.
 */
export function nearPortOrCoast<A extends Port & { vessels: number }>(
  cells: readonly A[],
  ports: readonly Port[],
  geography: Geography,
  c: DetectConfig = DEFAULT_CONFIG,
): A[] {
  const portWithin = (a: A, m: number) => ports.some((p) => distanceM(a.lat, a.lon, p.lat, p.lon) <= m);
  return cells.filter(
    (a) =>
      geography.shoreDistanceNm(a.lat, a.lon) <= c.anchorageMaxShoreNm ||
      portWithin(a, c.anchorageMaxPortDistM) ||
      (a.vessels >= c.anchorageOffshoreMinVessels && portWithin(a, c.anchorageOffshoreMaxPortDistM)),
  );
}

/** An open DuckDB file is read through its backend (the same reads `--db FILE` makes). */
const sourceOf = (s: Store | DetectSource): DetectSource => (s instanceof Store ? new DuckStore(s) : s);

/** Brings the store's learned anchorages up to date and returns them. */
export async function learnedAnchorages(given: Store | DetectSource): Promise<RunnerSettings["anchorages"]> {
  const store = sourceOf(given);
  const p = anchorageParams();
  await store.refreshAnchorages(p);
  return nearPortOrCoast(await store.readAnchorages(p.cellDeg), loadWorldPorts(), NATURAL_EARTH);
}

/** Either store (DuckDB file or PostgreSQL): the same rows give the same records and events. */
export async function detectFromStore(
  from: Store | DetectSource,
  o: StoreDetectOptions,
  given: RunnerSettings,
  onEvent: (e: Event) => void,
): Promise<StoreDetectResult> {
  const store = sourceOf(from);
  const settings: RunnerSettings = { ...given, anchorages: await learnedAnchorages(store) };
  if (o.threads === 1 || !existsSync(fileURLToPath(WORKER_URL))) {
    const runner = newRunner(settings, onEvent);
    const replayed = await replayFrom(await store.openReplay(o), true, (r) => runner.pushOrdered(r));
    runner.end();
    return { stats: runner.stats, replay: replayed };
  }
  // Started first: it builds its geography while the store's extent and first window are read.
  const data: DetectWorkerData = { settings };
  const worker = new Worker(WORKER_URL, { workerData: data });
  /** Windows back from the worker, to be filled again. */
  const free: OrderedWindow[] = [];
  let inFlight = 0;
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  let result: StoreDetectResult | null = null;
  const done = new Promise<StoreDetectResult>((resolve, reject) => {
    const fail = (err: Error) => {
      failure ??= err;
      wake?.();
      reject(failure);
    };
    worker.on("error", fail);
    // after any message or error still on its way, which says more than the exit code
    worker.on("exit", (code) =>
      setImmediate(() => {
        if (result === null) fail(new Error(`detect worker stopped (exit ${code})`));
      }),
    );
    worker.on("message", (m: FromDetectWorker) => {
      if (m.type === "error") return fail(new Error(`detect worker: ${m.message}`));
      for (const e of m.events) onEvent(e);
      if (m.type === "done") {
        result = { stats: m.stats, replay: m.replay };
        resolve(result);
        return;
      }
      free.push(m.window);
      inFlight--;
      wake?.();
    });
  });
  // Rejections are taken by the awaits below; this keeps one from being reported unhandled meanwhile.
  done.catch(() => undefined);
  const send = (m: ToDetectWorker, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
  try {
    const reader = await store.openReplay(o);
    try {
      for (let w = await reader.next(free.pop()); w !== null; w = await reader.next(free.pop())) {
        while (inFlight >= MAX_IN_FLIGHT && failure === null) await new Promise<void>((r) => (wake = r));
        wake = null;
        if (failure !== null) throw failure;
        const transfer = [...windowBuffers(w), ...detachStatics(w)];
        inFlight++;
        send({ type: "window", window: w }, transfer);
      }
    } finally {
      await reader.close();
    }
    send({ type: "end" });
    return await done;
  } finally {
    await worker.terminate();
  }
}
