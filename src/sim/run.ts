/**
 * Runs a scenario end to end: plans the world, streams its NMEA to DIR/ais.nmea through a
 * buffered file descriptor, and writes DIR/truth.json once emission has completed the
 * truth. Same scenario and seed, same bytes.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type EmitStats, emit } from "./emit.js";
import type { ScenarioConfig } from "./scenario.js";
import type { Truth } from "./truth.js";
import { iso } from "./truth.js";
import { buildWorld } from "./world.js";

export interface SimResult extends EmitStats {
  truth: Truth;
  nmeaFile: string;
  truthFile: string;
}

export function runSim(config: ScenarioConfig, seed: number, dir: string): SimResult {
  mkdirSync(dir, { recursive: true });
  const world = buildWorld(config, seed);
  const nmeaFile = join(dir, "ais.nmea");
  const fd = openSync(nmeaFile, "w");
  let stats: EmitStats;
  try {
    stats = emit(world, seed, (chunk) => {
      writeSync(fd, chunk);
    });
  } finally {
    closeSync(fd);
  }
  const confounders = world.confounders.sort(
    (a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id),
  );
  const truth: Truth = {
    scenario: config.name,
    seed,
    start: iso(world.start),
    end: iso(world.end),
    vessels: world.ships.length,
    sentences: stats.sentences,
    events: world.events,
    confounders,
  };
  const truthFile = join(dir, "truth.json");
  writeFileSync(truthFile, `${JSON.stringify(truth, null, 1)}\n`);
  return { ...stats, truth, nmeaFile, truthFile };
}
