/**
 * The one DetectRunner configuration of every command that detects (`detect`, `ingest
 * --detect`, and the detect thread of `detect --db`): built from settings that are plain
 * data, so a worker thread builds the same runner, with the same config hash, as the main
 * thread would.
 */
import type { Port } from "../../geo/zones.js";
import type { Event, EventKind } from "../../model/event.js";
import { loadProfile } from "../../profile/load.js";
import { loadWorldPorts } from "../../profile/world.js";
import { NATURAL_EARTH } from "../geography.js";
import { DetectRunner } from "./runner.js";

export interface RunnerSettings {
  profile: string;
  kinds?: EventKind[];
  /** Minutes a record may arrive behind the newest one. */
  latenessMin: number;
  /** Anchorages learned from the store (store/anchorages.ts); none for inputs read straight. */
  anchorages?: Port[];
}

export function newRunner(s: RunnerSettings, onEvent: (e: Event) => void): DetectRunner {
  return new DetectRunner({
    geography: NATURAL_EARTH,
    // every profile's harbours include the world's ports
    places: { ...loadProfile(s.profile), harbours: [...loadWorldPorts(), ...(s.anchorages ?? [])] },
    kinds: s.kinds,
    config: { latenessMs: s.latenessMin * 60_000 },
    onEvent,
  });
}
