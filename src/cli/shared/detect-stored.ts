/**
 * The detectors over the whole store, replacing its stored events (`ingest --detect` of
 * inputs that end, and `darkfleet worker` once sources are complete): the events of
 * `detect --db` (or `detect --store`), also printed on stdout.
 */
import type { RunnerSettings } from "../../detect/engine/runner-settings.js";
import { detectFromStore } from "../../detect/engine/store-detect.js";
import { EVENT_KINDS } from "../../model/event.js";
import type { StoreBackend } from "../../store/backend.js";
import { EventOutput, statsLine } from "./event-output.js";

export async function detectStored(
  store: StoreBackend,
  settings: RunnerSettings,
  o: { json?: boolean },
): Promise<void> {
  const events = await store.openEvents();
  events.replace({ kinds: EVENT_KINDS });
  const output = new EventOutput({ json: o.json, store: events });
  const { stats } = await detectFromStore(store, {}, settings, output.event).catch(async (err) => {
    // its connection ended (a worker goes on, and runs the job again); what it wrote is replaced then
    await output.close().catch(() => undefined);
    throw err;
  });
  await output.close();
  process.stderr.write(statsLine(stats, output.distinct));
}
