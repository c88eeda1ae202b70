/**
 * Ground truth written by the simulator beside its NMEA (DIR/truth.json) and read by the
 * evaluator: every behaviour injected (an event a detector should report) and every
 * confounder (a look-alike it must not report). The kind names are the detectors' own
 * (model/event.ts), so truth and detections are compared kind by kind.
 *
 * Kinds, as the simulator injects them:
 * - encounter: two vessels alongside (< 500 m) for hours at < 2 kn in open water (≥ 10 km from
 *   any port); `volumeBbl` is the cargo moved, and both vessels' draughts change.
 * - loitering: one vessel under 2 kn for ≥ 4 h, ≥ 20 nm from shore (often a dark partner's STS).
 * - gap: transponder off ≥ 12 h where reception is good, after dense reporting.
 * - spoofing: a position jump and back, positions on land, or one MMSI on two ships at once.
 * - identity: a rename, a reflag (new MMSI, same IMO), or an IMO failing its check digit.
 * - draught: draught changed by ≥ 1 m away from port (cargo moved at sea).
 * - port_call: a stay of ≥ 3 h inside a profile port (profiles/dprk/ports.csv).
 * Times are ISO 8601 UTC strings.
 */
import type { EventKind } from "../model/event.js";

export type TruthKind = Exclude<EventKind, "zone">;

export const TRUTH_KINDS: readonly TruthKind[] = [
  "encounter",
  "loitering",
  "gap",
  "spoofing",
  "identity",
  "draught",
  "port_call",
];

/**
 * Confounders: situations that look like an event to a naive rule but are normal traffic.
 * - anchorage_cluster: ships anchored close together inside a port's anchorage.
 * - alongside_in_port: two ships moored alongside each other in port.
 * - tug_assist: a tug or pilot boat alongside a ship entering or leaving port.
 * - fishing_fleet: fishing vessels working together at sea, at trawling speed.
 * - lane_pass: ships passing or overtaking close at speed in a traffic lane.
 * - coverage_gap: a silence caused by sailing out of receiver coverage, not by switching off.
 * - river_traffic: vessels on a river or canal, where the coastline file says land.
 * - anchorage_queue: ships at anchor close together in an anchorage outside any profile port.
 * - bunkering: a bunker barge (a small tanker) alongside a ship at anchor.
 * - harbour_craft: pilot boats, law enforcement, dredgers and search and rescue craft at work.
 * - ferry_berth: passenger ferries lying at their berths alongside each other for hours.
 * - marina: pleasure craft and sailing yachts (Class B) moored close together.
 * - feed_outage: the whole feed silent for hours (vessels: every one that went unheard).
 * - receiver_dropout: a receiver region silent for hours (vessels: those in it).
 * - area_exit: a vessel outside the export's area, absent until it sails back in.
 */
export type ConfounderName =
  | "anchorage_cluster"
  | "alongside_in_port"
  | "tug_assist"
  | "fishing_fleet"
  | "lane_pass"
  | "coverage_gap"
  | "river_traffic"
  | "anchorage_queue"
  | "bunkering"
  | "harbour_craft"
  | "ferry_berth"
  | "marina"
  | "feed_outage"
  | "receiver_dropout"
  | "area_exit";

export const CONFOUNDER_NAMES: readonly ConfounderName[] = [
  "anchorage_cluster",
  "alongside_in_port",
  "tug_assist",
  "fishing_fleet",
  "lane_pass",
  "coverage_gap",
  "river_traffic",
  "anchorage_queue",
  "bunkering",
  "harbour_craft",
  "ferry_berth",
  "marina",
  "feed_outage",
  "receiver_dropout",
  "area_exit",
];

/**
 * Confounders that are artefacts of the data (a silent feed or receiver, an export's edge),
 * not something a vessel does: their vessels are not innocent look-alikes.
 */
export const DATA_ARTEFACTS: readonly ConfounderName[] = [
  "coverage_gap",
  "feed_outage",
  "receiver_dropout",
  "area_exit",
];

export interface TruthVessel {
  mmsi: number;
  imo?: number;
  name?: string;
}

export interface TruthEvent {
  /** Stable within one truth file: kind and a sequence number, e.g. "encounter-3". */
  id: string;
  kind: TruthKind;
  vessels: TruthVessel[];
  start: string;
  end: string;
  lat: number;
  lon: number;
  /** Cargo moved in a transfer, barrels. */
  volumeBbl?: number;
  /** What exactly was injected, e.g. "rename", "clone", "dark STS partner". */
  detail?: string;
}

export interface Confounder {
  id: string;
  name: ConfounderName;
  /** The kinds a naive rule would report it as. */
  looksLike: TruthKind[];
  vessels: TruthVessel[];
  start: string;
  end: string;
  lat: number;
  lon: number;
  /** What it is, e.g. "Yalu to Dandong", "feed silent", "region Bohai". */
  detail?: string;
}

/**
 * Petroleum delivered into DPRK: a tanker loaded (at sea) and then arrived at a DPRK port,
 * with the barrels it actually carried, so the ledger can be scored.
 */
export interface TruthDelivery {
  /** e.g. "delivery-3". */
  id: string;
  vessel: TruthVessel;
  /** The DPRK port it arrived at. */
  port: string;
  /** When the cargo was taken on, and when the tanker entered the port. */
  loaded: string;
  arrived: string;
  volumeBbl: number;
  detail?: string;
}

/** How a listed vessel hides from the list: the modes sanctions reporting describes. */
export type ListedMode = "listed_imo_new_name" | "listed_name_wrong_imo" | "reflagged";

/**
 * A vessel that evades sanctions in the scenario, under every identity it used; `listed`
 * when it is a watchlist entry in disguise.
 */
export interface TruthEvader {
  vessels: TruthVessel[];
  /** Its part, e.g. "STS giver", "dark export", "listed: DPRK export voyage". */
  why: string;
  listed?: { list: string; id: string; name: string; imo: number | null; mode: ListedMode };
}

/** A vessel that is no evader but takes part in confounders (not data artefacts), by MMSI. */
export interface TruthInnocent {
  mmsi: number;
  confounders: ConfounderName[];
}

export interface Truth {
  scenario: string;
  seed: number;
  start: string;
  end: string;
  vessels: number;
  sentences: number;
  events: TruthEvent[];
  confounders: Confounder[];
  /** Absent from truth files written before the ledger. */
  deliveries?: TruthDelivery[];
  /** Absent from truth files written before issue 16's vessel roles. */
  evaders?: TruthEvader[];
  innocents?: TruthInnocent[];
}

export function isTruthKind(kind: string): kind is TruthKind {
  return (TRUTH_KINDS as readonly string[]).includes(kind);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
