/**
 * Per-vessel state. One MMSI may carry several tracks: a fix that would need an
 * impossible speed from every existing track starts a new one, so two ships sharing an
 * MMSI (a cloned identity) or a burst of spoofed fixes never splice into a false jump or
 * gap. Per-track detectors see only confirmed tracks (`established`); the first fixes of
 * a new track wait in `pending` until it has proved itself a ship.
 */
import type { Position, Static } from "../../model/records.js";
import type { Slots } from "./slot.js";
import { rowOwner, type StateRows } from "./state-rows.js";
import { Trail } from "./trail.js";

const TRAIL_CAPACITY = 216;

/**
 * The numbers a track keeps in its row (state-rows.ts), not in boxes of their own; the
 * detectors' parts follow them (ctx.trackLayout). cosLat is cos(latitude) for the
 * flat-Earth reach test and cosLatAt the latitude it was taken at; receptionT the last fix
 * counted in the reception grid and receptionCell, receptionHour where and when it was
 * last counted there; trailT the last fix sampled into the trail; placeCheckT
 * the last time places were checked (port-call.ts); recentBucket where the track was
 * last listed among the tracks heard lately (recent-tracks.ts).
 */
export const TRACK_NUMBERS = [
  "lastT",
  "lastLat",
  "lastLon",
  "firstT",
  "nFix",
  "cosLat",
  "cosLatAt",
  "receptionT",
  "receptionCell",
  "receptionHour",
  "trailT",
  "placeCheckT",
  "recentBucket",
] as const;

/** The numbers a vessel keeps in its row; the detectors' parts follow them (ctx.vesselLayout). */
export const VESSEL_NUMBERS = ["lastT"] as const;

export class Track extends rowOwner(TRACK_NUMBERS) implements Slots {
  lastSog: number | null = null;
  established = false;
  /** Dropped (outlier or retired); its detectors are flushed and it takes no more fixes. */
  dead = false;
  /** Fixes waiting for the track to be confirmed. */
  pending: Position[] = [];
  /** Last fix of the vessel's most recent other track when this one was created (jump origin). */
  origin: [number, number, number] | null = null;
  /** Fixes received by the other live tracks since this one started (clone evidence). */
  concurrentFixes = 0;
  readonly trail: Trail;
  private readonly trailMs: number;
  // The detectors' state objects (slot.ts).
  s0: unknown = null;
  s1: unknown = null;
  s2: unknown = null;
  s3: unknown = null;
  s4: unknown = null;
  s5: unknown = null;
  more: unknown[] | null = null;

  constructor(
    readonly vessel: Vessel,
    /** 0 for the first track of an MMSI, then 1, 2, … */
    readonly index: number,
    evidenceIntervalMs: number,
    rows: StateRows,
  ) {
    super(rows);
    this.receptionT = Number.NEGATIVE_INFINITY;
    this.receptionCell = -1;
    this.receptionHour = Number.NEGATIVE_INFINITY;
    this.cosLat = 1;
    this.cosLatAt = Number.POSITIVE_INFINITY;
    this.trailT = Number.NEGATIVE_INFINITY;
    this.placeCheckT = Number.NEGATIVE_INFINITY;
    this.recentBucket = Number.NEGATIVE_INFINITY;
    this.trail = new Trail(TRAIL_CAPACITY, evidenceIntervalMs);
    this.trailMs = evidenceIntervalMs;
  }

  get mmsi(): number {
    return this.vessel.mmsi;
  }

  /** Stable key: "mmsi" for the first track, "mmsi#i" for later ones. */
  get key(): string {
    return this.index === 0 ? String(this.vessel.mmsi) : `${this.vessel.mmsi}#${this.index}`;
  }

  record(p: Position): void {
    if (this.nFix === 0) this.firstT = p.t;
    this.nFix++;
    this.lastT = p.t;
    this.lastLat = p.lat;
    this.lastLon = p.lon;
    this.lastSog = p.sog;
    // The trail's own sampling test, asked here first (profile: the Trail is one more
    // object to reach per fix, for a sample taken once in many fixes).
    if (p.t - this.trailT < this.trailMs) return;
    this.trailT = p.t;
    this.trail.add(p.t, p.lat, p.lon, p.sog);
  }
}

export class Vessel extends rowOwner(VESSEL_NUMBERS) implements Slots {
  tracks: Track[] = [];
  /** tracks[0] while it is the only one, else null (set with `tracks`: the per-fix path reads this). */
  solo: Track | null = null;
  nextIndex = 0;
  // What the vessel last said it is (adopted by the identity and draught rules; events name it so).
  name: string | null = null;
  imo: number | null = null;
  callsign: string | null = null;
  shipType: number | null = null;
  draught: number | null = null;
  /** Its last static report (a copy), against which the runner tells a repeated one. */
  lastReport: Static | null = null;
  // The detectors' state objects (slot.ts).
  s0: unknown = null;
  s1: unknown = null;
  s2: unknown = null;
  s3: unknown = null;
  s4: unknown = null;
  s5: unknown = null;
  more: unknown[] | null = null;

  constructor(
    readonly mmsi: number,
    /** Order in which the registry (ctx.vessels) took this vessel in: the order it lists vessels. */
    readonly seq: number,
    rows: StateRows,
  ) {
    super(rows);
    this.lastT = Number.NEGATIVE_INFINITY;
  }

  /** The live confirmed track with the most recent fix, if any. */
  latestTrack(): Track | null {
    let best: Track | null = null;
    for (const t of this.tracks)
      if (t.established && !t.dead && (best === null || t.lastT > best.lastT)) best = t;
    return best;
  }
}
