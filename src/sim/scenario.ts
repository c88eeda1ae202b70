/**
 * Scenario settings: how many ships of each sort, how many of each behaviour, and how the
 * receiving network hears them. The built-in scenarios are presets of this one shape; a
 * scenario FILE is the same shape as JSON (any field left out takes the `smoke` value).
 */
import { readFileSync } from "node:fs";
import type { ArchiveOrder } from "./order.js";

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface ScenarioConfig {
  name: string;
  /** Start time, ISO 8601 UTC. */
  start: string;
  days: number;
  /** Open-water areas where transfers, loitering and fishing are placed. */
  seaAreas: Box[];

  /** Ordinary cargo ships and tankers trading between ports. */
  traders: number;
  /** Fishing fleets working together at sea (confounder), and ships per fleet. */
  fishingFleets: number;
  fleetSize: number;
  /** Ports with a tug that meets arriving ships (confounder). */
  tugPorts: number;
  /** Pairs of ships sailing a lane together close and fast (confounder). */
  convoys: number;
  /** Ship-to-ship transfers with both ships visible. */
  sts: number;
  /** Transfers with the DPRK-side ship dark (a gap) and the other loitering. */
  darkSts: number;
  /** Ships loitering alone at sea. */
  loiterers: number;
  /** Voyages to a DPRK port with the transponder off (a gap). */
  darkExports: number;
  /** Visible export voyages from a DPRK port to a Chinese or Russian one. */
  exports: number;
  /**
   * Watchlist vessels in disguise (sim/listed.ts), the disguises in turn; odd ones export
   * from a DPRK port, even ones trade between the region's ports.
   */
  listed: number;
  spoofJumps: number;
  spoofLand: number;
  clones: number;
  renames: number;
  reflags: number;
  badImos: number;

  /**
   * Shortest interval between two position reports of one ship kept by the feed, s. The
   * ships transmit at ITU-R M.1371 rates; a feed (an archive, an aggregator) keeps at
   * most one report per this interval. 0 keeps every transmission.
   */
  feedIntervalS: number;
  /** Static and voyage reports, s (6 min per ITU-R M.1371; feeds keep fewer). */
  staticIntervalS: number;
  /** Probability that a satellite hears a given report where it has coverage. */
  satellite: number;
  /** Areas neither satellite nor shore station hears (coverage holes). */
  holes: Box[];
  /** Share of lines corrupted (bad checksum, truncated, stray bytes). */
  noise: number;
  /** Share of terrestrial receptions delivered minutes late. */
  late: number;
  /** Most receivers that deliver one transmission (duplicates). */
  maxReceivers: number;

  /** The real sea's look-alikes (confounders), placed in the waters of sim/waters.ts. */
  /** Vessels on each river (RIVERS), shuttling between its mouth and its upstream berths. */
  riverVessels: number;
  /** Ships queueing at each anchorage (ANCHORAGES), with a bunker barge and a tug serving them. */
  anchorageShips: number;
  /** Ferries on each ferry route (FERRY_ROUTES). */
  ferries: number;
  /** Pleasure craft and sailing yachts in each marina (MARINAS). */
  marinaBoats: number;
  /** Whole-feed outages: nothing from anyone for hours. */
  outages: number;
  /** Regional dropouts: one receiver region (RECEIVER_REGIONS) silent for hours. */
  dropouts: number;
  /** The area the export was clipped to: reports placed outside it are not in the feed. */
  exportArea: Box | null;
  /** The order the archive is written in (sim/order.ts): real archives are not always in time order. */
  order: ArchiveOrder;
}

const YELLOW_SEA: Box = { west: 121.5, south: 33.5, east: 125.3, north: 39.2 };
const EAST_CHINA_SEA: Box = { west: 122.8, south: 28.5, east: 127.0, north: 32.5 };
const SEA_OF_JAPAN_HOLE: Box = { west: 131.5, south: 38.0, east: 137.0, north: 42.0 };

export const SMOKE: ScenarioConfig = {
  name: "smoke",
  start: "2019-03-01T00:00:00Z",
  // Two days: a gap needs 12 h of dense reports before it and 12 h of silence.
  days: 2,
  seaAreas: [YELLOW_SEA],
  traders: 4,
  fishingFleets: 1,
  fleetSize: 3,
  tugPorts: 1,
  convoys: 1,
  sts: 1,
  darkSts: 1,
  loiterers: 1,
  darkExports: 0,
  exports: 0,
  listed: 0,
  spoofJumps: 1,
  spoofLand: 1,
  clones: 1,
  renames: 1,
  reflags: 1,
  badImos: 1,
  feedIntervalS: 60,
  staticIntervalS: 360,
  satellite: 0.3,
  holes: [SEA_OF_JAPAN_HOLE],
  noise: 0.002,
  late: 0.005,
  maxReceivers: 3,
  riverVessels: 0,
  anchorageShips: 0,
  ferries: 0,
  marinaBoats: 0,
  outages: 0,
  dropouts: 0,
  exportArea: null,
  order: "delivery",
};

export const DPRK_2019: ScenarioConfig = {
  ...SMOKE,
  name: "dprk-2019",
  days: 60,
  seaAreas: [YELLOW_SEA, EAST_CHINA_SEA],
  traders: 190,
  fishingFleets: 8,
  fleetSize: 4,
  tugPorts: 6,
  convoys: 6,
  sts: 14,
  darkSts: 10,
  loiterers: 6,
  darkExports: 5,
  exports: 6,
  listed: 9,
  spoofJumps: 6,
  spoofLand: 5,
  clones: 3,
  renames: 5,
  reflags: 4,
  badImos: 3,
  feedIntervalS: 300,
  staticIntervalS: 3600,
  // Most of the Yellow Sea is beyond shore stations' range: the satellite carries it.
  satellite: 0.5,
  maxReceivers: 2,
  riverVessels: 4,
  anchorageShips: 6,
  ferries: 3,
  marinaBoats: 8,
  outages: 1,
  dropouts: 2,
  // East of 119°E: the inner Bohai (Tianjin) lies outside, so its traders leave and come back.
  exportArea: { west: 119, south: 27, east: 140, north: 45 },
};

/** Many plain traders at full ITU-R rates: load for benchmarks. */
export function scaleScenario(vessels: number, days: number): ScenarioConfig {
  return {
    ...SMOKE,
    name: "scale",
    days,
    traders: vessels,
    fishingFleets: 0,
    tugPorts: 0,
    convoys: 0,
    sts: 0,
    darkSts: 0,
    loiterers: 0,
    spoofJumps: 0,
    spoofLand: 0,
    clones: 0,
    renames: 0,
    reflags: 0,
    badImos: 0,
    feedIntervalS: 0,
    maxReceivers: 2,
  };
}

/**
 * dprk-2019 as an unsorted archive: each day's records grouped by vessel, as daily files
 * sorted by MMSI come (the same records as dprk-2019, in another order).
 */
export const DPRK_2019_UNSORTED: ScenarioConfig = {
  ...DPRK_2019,
  name: "dprk-2019-unsorted",
  order: "by-vessel",
};

export const BUILT_IN: Record<string, ScenarioConfig> = {
  smoke: SMOKE,
  "dprk-2019": DPRK_2019,
  "dprk-2019-unsorted": DPRK_2019_UNSORTED,
};

/** A built-in scenario by name, or a JSON file of ScenarioConfig fields. */
export function loadScenario(nameOrFile: string): ScenarioConfig {
  const builtIn = BUILT_IN[nameOrFile];
  if (builtIn) return builtIn;
  const text = readFileSync(nameOrFile, "utf8");
  return { ...SMOKE, name: nameOrFile, ...(JSON.parse(text) as Partial<ScenarioConfig>) };
}
