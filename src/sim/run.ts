/**
 * Runs a scenario end to end: plans the world, streams its NMEA to DIR/ais.nmea through a
 * buffered file descriptor, and writes DIR/truth.json once emission has completed the
 * truth. Same scenario and seed, same bytes.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Truth } from "../model/truth.js";
import { iso } from "../model/truth.js";
import { type EmitStats, emit } from "./emit.js";
import { reorder } from "./order.js";
import type { ScenarioConfig } from "./scenario.js";
import { buildWorld } from "./world.js";

export interface SimResult extends EmitStats {
  truth: Truth;
  nmeaFile: string;
  truthFile: string;
}

/**
 * `until` (epoch ms) cuts the run short: the world is planned whole, the feed stops there
 * and truth keeps what ended before it, so the output is a cut of the full run.
 */
export function runSim(config: ScenarioConfig, seed: number, dir: string, until?: number): SimResult {
  mkdirSync(dir, { recursive: true });
  const world = buildWorld(config, seed);
  if (until !== undefined && until < world.end) world.end = until;
  const nmeaFile = join(dir, "ais.nmea");
  const fd = openSync(nmeaFile, "w");
  let stats: EmitStats;
  try {
    const out = reorder(config.order, seed, (chunk) => {
      writeSync(fd, chunk);
    });
    stats = emit(world, seed, out.write);
    out.end();
  } finally {
    closeSync(fd);
  }
  const cut = iso(world.end);
  const events = world.events.filter((e) => e.end <= cut);
  const confounders = world.confounders
    .filter((c) => c.end <= cut)
    .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  const truth: Truth = {
    scenario: config.name,
    seed,
    start: iso(world.start),
    end: iso(world.end),
    vessels: world.ships.length,
    sentences: stats.sentences,
    events,
    confounders,
  };
  const truthFile = join(dir, "truth.json");
  writeFileSync(truthFile, `${JSON.stringify(truth, null, 1)}\n`);
  return { ...stats, truth, nmeaFile, truthFile };
}
