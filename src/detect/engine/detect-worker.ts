/**
 * Worker thread that runs the detectors over a store replay (store-detect.ts), so that
 * reading and ordering the store's windows and detecting each get a core. Windows arrive
 * in the detectors' order with their buffers transferred; each is pushed record by record
 * into one DetectRunner, exactly as a replay on one thread pushes it, and goes back with
 * the events it gave (in emission order), to be filled again.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Event } from "../../model/event.js";
import { type OrderedWindow, type ReplayStats, WindowPusher, windowBuffers } from "../../store/replay.js";
import { noStatics } from "../../store/window-statics.js";
import { buildNaturalEarth } from "../geography.js";
import type { RunnerStats } from "./runner.js";
import { newRunner, type RunnerSettings } from "./runner-settings.js";

export interface DetectWorkerData {
  settings: RunnerSettings;
}

export type ToDetectWorker = { type: "window"; window: OrderedWindow } | { type: "end" };

export type FromDetectWorker =
  | { type: "events"; events: Event[]; window: OrderedWindow }
  | { type: "done"; events: Event[]; stats: RunnerStats; replay: ReplayStats }
  | { type: "error"; message: string };

function run(data: DetectWorkerData): void {
  const port = parentPort;
  if (port === null) throw new Error("detect-worker must run as a worker thread");
  let events: Event[] = [];
  // A copy at emission: the event is sent after the window, and an emitter may change its object later.
  const runner = newRunner(data.settings, (e) => events.push(structuredClone(e)));
  const pusher = new WindowPusher(true, (r) => runner.pushOrdered(r));
  const send = (m: FromDetectWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  // The runner's geography, built while the main thread reads the first window.
  buildNaturalEarth();
  port.on("message", (m: ToDetectWorker) => {
    try {
      if (m.type === "window") {
        const w = m.window;
        pusher.pushWindow(w);
        // back without its static reports (copies made for this window alone)
        w.statics = noStatics();
        send({ type: "events", events, window: w }, windowBuffers(w));
      } else {
        runner.end();
        send({ type: "done", events, stats: runner.stats, replay: pusher.stats });
        port.close();
      }
      events = [];
    } catch (err) {
      send({ type: "error", message: err instanceof Error ? err.message : String(err) });
      port.close();
    }
  });
}

try {
  run(workerData as DetectWorkerData);
} catch (err) {
  // as a message, which arrives before the exit, rather than an uncaught error, which may not
  parentPort?.postMessage({
    type: "error",
    message: err instanceof Error ? err.message : String(err),
  } satisfies FromDetectWorker);
  parentPort?.close();
}
