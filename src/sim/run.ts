/**
 * Runs a scenario end to end: plans the world, streams its NMEA to DIR/ais.nmea through a
 * buffered file descriptor, and writes DIR/truth.json once emission has completed the
 * truth. Same scenario and seed, same bytes.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import {
  type Confounder,
  DATA_ARTEFACTS,
  iso,
  type Truth,
  type TruthEvader,
  type TruthInnocent,
  type TruthVessel,
} from "../model/truth.js";
import { type EmitStats, emit } from "./emit.js";
import { reorder } from "./order.js";
import type { ScenarioConfig } from "./scenario.js";
import type { Ship } from "./ship.js";
import { buildWorld, type World } from "./world.js";

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
    deliveries: world.deliveries.filter((d) => d.arrived <= cut),
    // A confounder under way at the cut (a ferry all run long) has shown its vessels already.
    ...roles(
      world,
      world.confounders.filter((c) => c.start < cut),
    ),
  };
  const truthFile = join(dir, "truth.json");
  writeFileSync(truthFile, `${JSON.stringify(truth, null, 1)}\n`);
  return { ...stats, truth, nmeaFile, truthFile };
}

/** Every identity a ship used, in order, one per MMSI, IMO and name combination. */
function identitiesOf(ship: Ship): TruthVessel[] {
  const out: TruthVessel[] = [];
  for (const id of ship.identities) {
    const v: TruthVessel =
      id.imo > 0 ? { mmsi: id.mmsi, imo: id.imo, name: id.name } : { mmsi: id.mmsi, name: id.name };
    if (!out.some((w) => w.mmsi === v.mmsi && w.imo === v.imo && w.name === v.name)) out.push(v);
  }
  return out;
}

/**
 * Who is who: the evaders (by their part in the plan, whether or not the cut reached it),
 * and the innocents: every other MMSI in the confounders kept, data artefacts aside.
 */
function roles(
  world: World,
  confounders: Confounder[],
): { evaders: TruthEvader[]; innocents: TruthInnocent[] } {
  const evaders = [...world.evaders]
    .sort(([a], [b]) => a.index - b.index)
    .map(([ship, role]) => ({ vessels: identitiesOf(ship), ...role }));
  const evading = new Set(evaders.flatMap((e) => e.vessels.map((v) => v.mmsi)));
  const artefact = new Set(DATA_ARTEFACTS);
  const innocent = new Map<number, Set<Confounder["name"]>>();
  for (const c of confounders) {
    if (artefact.has(c.name)) continue;
    for (const v of c.vessels) {
      if (evading.has(v.mmsi)) continue;
      const s = innocent.get(v.mmsi) ?? new Set();
      s.add(c.name);
      innocent.set(v.mmsi, s);
    }
  }
  const innocents = [...innocent]
    .sort(([a], [b]) => a - b)
    .map(([mmsi, names]) => ({ mmsi, confounders: [...names].sort() }));
  return { evaders, innocents };
}
