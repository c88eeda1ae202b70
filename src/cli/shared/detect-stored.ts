/**
 * The detectors over the whole store, replacing its stored events (`ingest --detect` of
 * inputs that end, and `darkfleet worker` once sources are complete): the events of
 * `detect --db`, also printed on stdout.
 */
import type { RunnerSettings } from "../../detect/engine/runner-settings.js";
import { detectFromStore } from "../../detect/engine/store-detect.js";
import { EVENT_KINDS } from "../../model/event.js";
import { EventWriter } from "../../store/events.js";
import type { Store } from "../../store/store.js";
import { EventOutput, statsLine } from "./event-output.js";

export async function detectStored(
  store: Store,
  settings: RunnerSettings,
  o: { json?: boolean },
): Promise<void> {
  const events = await EventWriter.open(store);
  events.replace({ kinds: EVENT_KINDS });
  const output = new EventOutput({ json: o.json, store: events });
  const { stats } = await detectFromStore(store, {}, settings, output.event);
  await output.close();
  process.stderr.write(statsLine(stats, output.distinct));
}
