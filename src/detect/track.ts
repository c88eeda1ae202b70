/**
 * Per-vessel state. One MMSI may carry several tracks: a fix that would need an
 * impossible speed from every existing track starts a new one, so two ships sharing an
 * MMSI (a cloned identity) or a burst of spoofed fixes never splice into a false jump or
 * gap. Per-track detectors see only confirmed tracks (`established`); the first fixes of
 * a new track wait in `pending` until it has proved itself a ship.
 */
import type { Position } from "../model/records.js";
import type { PendingDraught } from "./draught.js";
import type { EncounterTrackState } from "./encounter.js";
import type { GapTrackState } from "./gap.js";
import type { ImoHolder } from "./identity.js";
import type { LoiterTrackState } from "./loitering.js";
import type { PortTrackState } from "./port-call.js";
import type { LandTrackState } from "./spoofing.js";
import { type RowOwner, rowFields, type StateRows } from "./state-rows.js";
import { TRACK_NUMBERS, VESSEL_NUMBERS } from "./track-row.js";
import { Trail } from "./trail.js";

const TRAIL_CAPACITY = 216;

export class Track implements RowOwner {
  readonly f: Float64Array;
  readonly o: number;
  // Numbers kept in the track's row (track-row.ts), not in boxes of their own.
  declare lastT: number;
  declare lastLat: number;
  declare lastLon: number;
  declare firstT: number;
  declare nFix: number;
  /** cos(latitude) for the flat-Earth reach test, and the latitude it was taken at. */
  declare cosLat: number;
  declare cosLatAt: number;
  /** Last fix counted in the reception grid. */
  declare receptionT: number;
  /** Last fix sampled into the trail, and the last time places were checked (port-call.ts). */
  declare trailT: number;
  declare placeCheckT: number;
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
  /** Has been one ship of a clone: its end is the clone's end, not a teleport's origin. */
  cloned = false;
  readonly trail: Trail;
  private readonly trailMs: number;

  gap: GapTrackState | null = null;
  loiter: LoiterTrackState | null = null;
  port: PortTrackState | null = null;
  land: LandTrackState | null = null;
  enc: EncounterTrackState | null = null;

  constructor(
    readonly vessel: Vessel,
    /** 0 for the first track of an MMSI, then 1, 2, … */
    readonly index: number,
    evidenceIntervalMs: number,
    rows: StateRows,
  ) {
    ({ f: this.f, o: this.o } = rows.take(this));
    this.receptionT = Number.NEGATIVE_INFINITY;
    this.cosLat = 1;
    this.cosLatAt = Number.POSITIVE_INFINITY;
    this.trailT = Number.NEGATIVE_INFINITY;
    this.placeCheckT = Number.NEGATIVE_INFINITY;
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

rowFields(Track.prototype, 0, TRACK_NUMBERS);

export class Vessel implements RowOwner {
  readonly f: Float64Array;
  readonly o: number;
  // Numbers kept in the vessel's row (track-row.ts).
  declare lastT: number;
  /** When the current draught was last reported… */
  declare draughtT: number;
  /** …and the time of the fix that places that report (its last fix, if recent). */
  declare draughtAtT: number;
  /** Last fix time within `draughtPortMarginM` of a port (checked with the port-call detector's cadence). */
  declare nearPortT: number;
  tracks: Track[] = [];
  /** tracks[0] while it is the only one, else null (set with `tracks`: the per-fix path reads this). */
  solo: Track | null = null;
  nextIndex = 0;
  name: string | null = null;
  imo: number | null = null;
  callsign: string | null = null;
  shipType: number | null = null;
  draught: number | null = null;
  /** A draught change reported while the vessel was silent, judged at its next fix. */
  pendingDraught: PendingDraught | null = null;
  /** This vessel's entry among the holders of the IMO it last reported (identity.ts). */
  imoHolder: ImoHolder | null = null;
  /** Failing IMOs already reported for this MMSI. */
  readonly invalidImos: number[] = [];

  constructor(
    readonly mmsi: number,
    rows: StateRows,
  ) {
    ({ f: this.f, o: this.o } = rows.take(this));
    this.lastT = Number.NEGATIVE_INFINITY;
    this.draughtT = Number.NEGATIVE_INFINITY;
    this.draughtAtT = Number.NEGATIVE_INFINITY;
    this.nearPortT = Number.NEGATIVE_INFINITY;
  }

  /** The live confirmed track with the most recent fix, if any. */
  latestTrack(): Track | null {
    let best: Track | null = null;
    for (const t of this.tracks)
      if (t.established && !t.dead && (best === null || t.lastT > best.lastT)) best = t;
    return best;
  }
}

rowFields(Vessel.prototype, 0, VESSEL_NUMBERS);
