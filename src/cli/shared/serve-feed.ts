/**
 * The live feed of `darkfleet serve --feed`: ingests the feed into the store and runs the
 * detectors on its rows as `ingest --detect` does (the same runner, the same events), and
 * hands each batch's latest positions and every event emission to the open pages.
 */
import { newRunner } from "../../detect/engine/runner-settings.js";
import { learnedAnchorages } from "../../detect/engine/store-detect.js";
import { resolveInputs } from "../../ingest/inputs.js";
import { ingestInput } from "../../ingest/pipeline.js";
import type { LiveHub } from "../../serve/live-hub.js";
import { latestPerVessel } from "../../serve/live-positions.js";
import { EventWriter } from "../../store/events.js";
import type { Store } from "../../store/store.js";
import { detectBatch } from "./detect-batch.js";

export interface FeedOptions {
  profile: string;
  latenessMin: number;
}

export interface RunningFeed {
  /** Settles when the feed stops (after stop(), or on an error, which it rejects with). */
  done: Promise<void>;
  stop(): void;
}

export async function startFeed(
  store: Store,
  spec: string,
  hub: LiveHub,
  o: FeedOptions,
): Promise<RunningFeed> {
  const inputs = await resolveInputs([spec]);
  if (inputs.length !== 1 || !inputs[0].live)
    throw new Error(`bad --feed '${spec}': expected tcp://host:port or udp://:port`);
  const events = await EventWriter.open(store);
  // the anchorages learned from what the store held before the feed, as ingest --detect
  const anchorages = await learnedAnchorages(store);
  const runner = newRunner({ profile: o.profile, latenessMin: o.latenessMin, anchorages }, (e) => {
    events.put(e);
    hub.publish("event", e);
  });
  const controller = new AbortController();
  const done = (async () => {
    try {
      await ingestInput(store, inputs[0], {
        signal: controller.signal,
        onBatch: (b) => {
          detectBatch(runner, b);
          const positions = latestPerVessel(b.positions);
          if (positions.length > 0) hub.publish("positions", positions);
          events.flush().catch(() => undefined);
        },
      });
    } finally {
      runner.end();
      await events.close();
    }
  })();
  return { done, stop: () => controller.abort() };
}
