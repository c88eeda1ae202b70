/**
 * Spoofing. Rules, each an event of kind `spoofing` with attribute `type`:
 * - `jump`: a burst of at least `jumpMinFixes` fixes that no ship could reach (implied
 *   speed above `maxSpeedKn` from every track of the MMSI) after which the vessel is
 *   back where it was: a teleport and back. A single stray fix is GPS noise and ignored,
 *   as are fixes near (0, 0). The vessel's confirmed track must have been heard both
 *   before the burst began and after it ended: otherwise nothing says which of the two
 *   places is the false one (issue 15: on real US data every such "jump" was an archive's
 *   backlog of old positions all stamped at the file's first second, the ship's true
 *   track after it taken for the burst, or two class B units sharing an MMSI).
 * - `teleport`: the MMSI reappears out of reach and stays there; the old track ends. Not
 *   when the old track was one ship of a clone: then the reappearance is the other ship,
 *   silent a while (say in a coverage hole), and the clone's episode already covers it.
 * - `clone`: two confirmed tracks of one MMSI keep transmitting at the same time from
 *   places no ship could link (one identity on two ships); the episode stays open while
 *   both transmit.
 * - `land`: at least `landMinFixes` consecutive fixes on land away from any port, that
 *   land being evidence (issue 15): either the run was reached by an impossible jump (it
 *   begins at the first fix of a track born out of reach of the vessel's other track: a
 *   teleport onto land), or its fixes lie `landInlandM` inland, away (`waterNearM`) from
 *   water learned from traffic (learned-water.ts), and do not move as a ship does: at
 *   least `landMinFixes` such fixes, and most of their steps at a speed unlike the one
 *   they report (`landSogToleranceKn`; a false position frozen inland while the ship
 *   reports 12 kn, as spoofers and the simulator do). So a continuous track at plausible
 *   speeds on a river, canal, lake or harbour is never an event, even one whose first fix
 *   is already there and with no other traffic near. Every land fix of a confirmed track
 *   not born of a jump teaches the water; a deep-inland run is judged `waterHoldMs` after
 *   it ends (at the end of a shorter batch run), against the water learned by then.
 * Findings of one MMSI less than `spoofMergeMs` apart are one
 * episode and one event (a run of fixes on land is reached by a teleport and left by
 * another), listing its findings in `types`; it is emitted once no finding has followed
 * for `spoofMergeMs`. The splitting into tracks happens first (engine/runner.ts): the
 * rules here judge what the splitter saw, deciding at each time slice whether a
 * vessel's newer confirmed track is a clone (both transmit) or a teleport (the older fell
 * silent), and holding a clone's tracks alive while it lasts.
 */
import { distanceM, KN_TO_MS } from "../../geo/distance.js";
import type { EvidencePoint } from "../../model/event.js";
import type { Position } from "../../model/records.js";
import { type DetectContext, round } from "../engine/context.js";
import type {
  ConfigSlice,
  Detector,
  DetectorFactory,
  TrackControl,
  TrackEndCause,
} from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import type { Track, Vessel } from "../engine/track.js";
import { thin } from "../engine/trail.js";
import { LearnedWater } from "./learned-water.js";

export const SPOOFING_DETECTOR = "spoofing@4";

/** Land fixes closer than this to a port's edge are quays and slipways, not spoofing. */
const PORT_SHORE_M = 3_000;

/** Steps between deep-inland fixes shorter than this say little about speed (GPS noise, seconds-rounded times). */
const STEP_MIN_MS = 60_000;

/** A track's run of land fixes, and whether it has been one ship of a clone. */
class SpoofTrackState {
  run = 0;
  firstT = 0;
  lastT = 0;
  /**
   * The run's first `evidenceMaxPoints` fixes, four numbers each (time, lat, lon, sog or
   * NaN), made into evidence only when the run is reported. Hand-written hot path
   * (profile, real US sample: 44 % of the fixes are on Natural Earth's land, rivers and
   * lakes, and an evidence array per fix, kept until the run ended and then mostly thrown
   * away, was a seventh of all allocation).
   */
  fixes: Float64Array | null = null;
  nFixes = 0;
  /** The run began at the first fix of a track born of an impossible jump. */
  reached = false;
  /** The run's fixes `landInlandM` inland: their learned-water cells, one entry per fix. */
  deepCells: number[] = [];
  /** The last deep fix, and the steps between deep fixes: all, and those unlike the speed reported. */
  deepT = 0;
  deepLat = 0;
  deepLon = 0;
  steps = 0;
  oddSteps = 0;
  /** Has been one ship of a clone: its end is the clone's end, not a teleport's origin. */
  cloned = false;
}

/** A run of deep-inland fixes waiting to be judged against the water learned by `judgeAt`. */
interface HeldRun {
  mmsi: number;
  firstT: number;
  lastT: number;
  points: EvidencePoint[];
  deepCells: number[];
  /** Most of the run's steps moved unlike the speed reported. */
  implausible: boolean;
  judgeAt: number;
}

interface Episode {
  mmsi: number;
  start: number;
  end: number;
  types: string[];
  evidence: EvidencePoint[];
  jumpKm: number;
  fixes: number;
  onLand: boolean;
}

/** The settings this rule reads (config.ts). */
export type SpoofingConfig = ConfigSlice<
  | "evidenceMaxPoints"
  | "gapMinMs"
  | "jumpMinFixes"
  | "landInlandM"
  | "landMinFixes"
  | "landSogToleranceKn"
  | "outlierTimeoutMs"
  | "spoofMergeMs"
  | "spoofCloneMergeMs"
  | "trackMinFixes"
  | "waterHoldMs"
  | "waterMinVessels"
  | "waterNearM"
>;

export const spoofingRule: DetectorFactory = (ctx) => new SpoofingDetector(ctx);

export class SpoofingDetector implements Detector {
  private readonly config: SpoofingConfig;
  private readonly episodes = new Map<number, Episode>();
  /** MMSIs with a clone still transmitting: their episode stays open. */
  private readonly cloned = new Set<number>();
  /** Live clones: the newer track of each, to the older. */
  private readonly cloneOf = new Map<Track, Track>();
  private readonly state: Slot<SpoofTrackState>;
  private readonly water: LearnedWater;
  /** Deep-inland runs not yet judged, in the order they ended. */
  private held: HeldRun[] = [];

  constructor(private readonly ctx: DetectContext) {
    this.config = ctx.config;
    this.state = ctx.trackSlot();
    this.water = new LearnedWater(ctx.config.waterMinVessels, ctx.config.waterNearM);
  }

  private stateOf(track: Track): SpoofTrackState {
    let st = this.state.get(track);
    if (st === null) {
      st = new SpoofTrackState();
      this.state.set(track, st);
    }
    return st;
  }

  /** Decides what confirmed track `y`, which started out of reach of the vessel's older one, is. */
  judgeTrack(v: Vessel, y: Track, s: number, tracks: TrackControl): void {
    if (y.origin === null || this.cloneOf.has(y)) return;
    const c = this.config;
    let older: Track | null = null;
    for (const o of v.tracks) {
      if (
        o !== y &&
        !o.dead &&
        o.established &&
        o.firstT < y.firstT &&
        (older === null || o.lastT > older.lastT)
      ) {
        older = o;
      }
    }
    if (older === null) return;
    if (y.concurrentFixes >= c.trackMinFixes) {
      this.cloneOf.set(y, older);
      this.stateOf(y).cloned = true;
      this.stateOf(older).cloned = true;
      this.clone(older, y, true);
    } else if (s - older.lastT > c.outlierTimeoutMs) {
      // After a clone, the MMSI heard again far from the ship that fell silent is the other ship.
      if (!(this.state.get(older)?.cloned ?? false)) this.teleport(older, y);
      tracks.dropTrack(older, y);
      y.origin = null;
    }
  }

  /** Ends the vessel's clones where either ship has been silent half a gap. */
  afterJudging(v: Vessel, s: number): void {
    const limit = this.config.gapMinMs / 2;
    for (const [newer, older] of this.cloneOf) {
      if (newer.vessel !== v) continue;
      if (s - newer.lastT > limit || s - older.lastT > limit) {
        this.clone(older, newer, false);
        this.cloneOf.delete(newer);
        newer.origin = null;
      }
    }
  }

  /** One ship of a live clone: kept though silent while the other transmits. */
  holdsTrack(t: Track): boolean {
    if (this.cloneOf.has(t)) return true;
    for (const older of this.cloneOf.values()) if (older === t) return true;
    return false;
  }

  onOutliers(t: Track, home: Track | null): void {
    this.jump(t, home);
  }

  /** Ends the track's run of land fixes and the clones it was one ship of. */
  onTrackEnd(t: Track, cause: TrackEndCause): void {
    if (cause === "streamEnd") {
      const older = this.cloneOf.get(t);
      if (older !== undefined) this.clone(older, t, false);
      this.endLandRun(t);
      return;
    }
    this.endLandRun(t);
    const older = this.cloneOf.get(t);
    if (older !== undefined) {
      this.clone(older, t, false);
      this.cloneOf.delete(t);
    }
    for (const [newer, o] of this.cloneOf) {
      if (o === t) {
        this.clone(t, newer, false);
        this.cloneOf.delete(newer);
      }
    }
  }

  /** End of the stream: every held run is judged and every episode emitted. */
  onFinish(): void {
    this.cloneOf.clear();
    this.onTick(Number.POSITIVE_INFINITY);
  }

  /**
   * Judges the held runs due by `now`, then emits the episodes no finding has extended for
   * `spoofMergeMs`, or `spoofCloneMergeMs` for a clone's (all of them when `now` is +∞).
   */
  onTick(now: number): void {
    if (this.held.some((r) => r.judgeAt <= now)) {
      const due = this.held.filter((r) => r.judgeAt <= now);
      this.held = this.held.filter((r) => r.judgeAt > now);
      for (const r of due) this.judgeHeld(r);
    }
    for (const [mmsi, ep] of this.episodes) {
      const merge = ep.types.includes("clone") ? this.config.spoofCloneMergeMs : this.config.spoofMergeMs;
      if (now - ep.end <= merge || (this.cloned.has(mmsi) && now < Infinity)) continue;
      this.episodes.delete(mmsi);
      this.emitEpisode(ep);
    }
  }

  private finding(
    mmsi: number,
    start: number,
    end: number,
    type: string,
    evidence: EvidencePoint[],
    f: { jumpKm?: number; fixes?: number; onLand?: boolean },
  ): void {
    let ep = this.episodes.get(mmsi);
    if (ep === undefined) {
      ep = { mmsi, start, end, types: [], evidence: [], jumpKm: 0, fixes: 0, onLand: false };
      this.episodes.set(mmsi, ep);
    }
    ep.start = Math.min(ep.start, start);
    ep.end = Math.max(ep.end, end);
    if (!ep.types.includes(type)) ep.types.push(type);
    ep.evidence.push(...evidence);
    const max = this.config.evidenceMaxPoints;
    if (ep.evidence.length > 4 * max)
      ep.evidence = thin(
        ep.evidence.sort((a, b) => a[0] - b[0]),
        2 * max,
      );
    ep.jumpKm = Math.max(ep.jumpKm, f.jumpKm ?? 0);
    ep.fixes += f.fixes ?? 0;
    ep.onLand ||= f.onLand ?? false;
  }

  private emitEpisode(ep: Episode): void {
    const evidence = thin(
      [...ep.evidence].sort((a, b) => a[0] - b[0]),
      this.config.evidenceMaxPoints,
    );
    this.ctx.emit({
      kind: "spoofing",
      detector: SPOOFING_DETECTOR,
      status: "final",
      start: ep.start,
      end: ep.end,
      mmsis: [ep.mmsi],
      attributes: {
        type: ep.types[0],
        types: ep.types,
        jumpKm: ep.jumpKm > 0 ? ep.jumpKm : null,
        outlierFixes: ep.fixes,
        onLand: ep.onLand || ep.types.includes("land"),
      },
      evidence,
      discriminator: "episode",
    });
  }

  onFix(track: Track, p: Position): void {
    const ctx = this.ctx;
    const onLand = ctx.geography.isLand(p) && ctx.portIndex.within(p.lat, p.lon, PORT_SHORE_M) === null;
    if (!onLand) {
      const st = this.state.get(track);
      if (st !== null && st.run > 0) this.endLandRun(track);
      return;
    }
    const st = this.stateOf(track);
    const cell = this.water.cell(p.lat, p.lon);
    // A track born of a jump keeps its origin until judged (judgeTrack): it teaches nothing.
    if (track.origin === null) this.water.teach(cell, p.mmsi);
    if (st.run === 0) {
      st.firstT = p.t;
      st.nFixes = 0;
      st.deepCells = [];
      st.steps = 0;
      st.oddSteps = 0;
      st.reached = track.origin !== null && p.t === track.firstT;
    }
    st.run++;
    st.lastT = p.t;
    const max = this.config.evidenceMaxPoints;
    if (st.nFixes < max) {
      if (st.fixes === null) st.fixes = new Float64Array(4 * max);
      const o = 4 * st.nFixes++;
      st.fixes[o] = p.t;
      st.fixes[o + 1] = p.lat;
      st.fixes[o + 2] = p.lon;
      st.fixes[o + 3] = p.sog ?? Number.NaN;
    }
    if (!st.reached && ctx.geography.inlandDistanceM(p.lat, p.lon) >= this.config.landInlandM) {
      if (st.deepCells.length > 0 && p.sog !== null && p.t - st.deepT >= STEP_MIN_MS) {
        const kn = distanceM(st.deepLat, st.deepLon, p.lat, p.lon) / ((p.t - st.deepT) / 1000) / KN_TO_MS;
        st.steps++;
        if (Math.abs(kn - p.sog) > this.config.landSogToleranceKn * (1 + Math.max(kn, p.sog) / 10)) {
          st.oddSteps++;
        }
      }
      if (st.deepCells.length === 0 || p.t - st.deepT >= STEP_MIN_MS) {
        st.deepT = p.t;
        st.deepLat = p.lat;
        st.deepLon = p.lon;
      }
      st.deepCells.push(cell);
    }
  }

  /** Ends a run of land fixes: a teleport onto land is a finding now, a deep-inland run is held. */
  private endLandRun(track: Track): void {
    const st = this.state.get(track);
    if (st === null || st.run === 0) return;
    const run = st.run;
    st.run = 0;
    const c = this.config;
    if (run < c.landMinFixes) return;
    if (st.reached) {
      this.finding(track.mmsi, st.firstT, st.lastT, "land", runPoints(st, track.mmsi), { onLand: true });
    } else if (st.deepCells.length >= c.landMinFixes) {
      this.held.push({
        mmsi: track.mmsi,
        firstT: st.firstT,
        lastT: st.lastT,
        points: runPoints(st, track.mmsi),
        deepCells: st.deepCells,
        implausible: st.steps >= c.landMinFixes - 1 && 2 * st.oddSteps > st.steps,
        judgeAt: st.lastT + c.waterHoldMs,
      });
    }
    st.deepCells = [];
  }

  /** A held deep-inland run that moved unlike a ship is land spoofing when enough of its fixes are away from learned water. */
  private judgeHeld(r: HeldRun): void {
    if (!r.implausible) return;
    let dry = 0;
    const near = new Map<number, boolean>();
    for (const cell of r.deepCells) {
      let w = near.get(cell);
      if (w === undefined) {
        w = this.water.nearWater(cell);
        near.set(cell, w);
      }
      if (!w) dry++;
    }
    if (dry < this.config.landMinFixes) return;
    this.finding(r.mmsi, r.firstT, r.lastT, "land", r.points, { onLand: true });
  }

  /** An unconfirmed track dropped as outliers; `back` is the fix the vessel returned with. */
  private jump(outliers: Track, home: Track | null): void {
    const c = this.config;
    if (outliers.pending.length < c.jumpMinFixes) return;
    const first = outliers.pending[0];
    const last = outliers.pending[outliers.pending.length - 1];
    if (home === null || home.firstT >= first.t || home.lastT <= last.t) return;
    const evidence: EvidencePoint[] = [];
    let distM = 0;
    if (outliers.origin !== null) {
      const [t, lat, lon] = outliers.origin;
      evidence.push([t, lat, lon, null, outliers.mmsi]);
      distM = distanceM(lat, lon, first.lat, first.lon);
    }
    for (const p of outliers.pending.slice(0, c.evidenceMaxPoints - 2)) {
      evidence.push([p.t, p.lat, p.lon, p.sog, p.mmsi]);
    }
    evidence.push([home.lastT, home.lastLat, home.lastLon, home.lastSog, home.mmsi]);
    this.finding(outliers.mmsi, first.t, last.t, "jump", evidence, {
      jumpKm: round(distM / 1000, 1),
      fixes: outliers.pending.length,
      onLand: outliers.pending.some((p) => this.ctx.geography.isLand(p)),
    });
  }

  /** `now` continued out of reach of `old`, which never transmitted again. */
  private teleport(old: Track, now: Track): void {
    const c = this.config;
    const distM = distanceM(old.lastLat, old.lastLon, now.lastLat, now.lastLon);
    const evidence = old.trail.slice(old.lastT - 3_600_000, old.lastT, c.evidenceMaxPoints / 2, old.mmsi);
    evidence.push(...now.trail.slice(now.firstT, now.firstT + 3_600_000, c.evidenceMaxPoints / 2, now.mmsi));
    this.finding(old.mmsi, now.firstT, now.firstT, "teleport", evidence, { jumpKm: round(distM / 1000, 1) });
  }

  /** Two live tracks of one MMSI (`older` first) transmitting at once: part of the episode while both live. */
  private clone(older: Track, newer: Track, active: boolean): void {
    const c = this.config;
    const end = Math.min(older.lastT, newer.lastT);
    const evidence = older.trail.slice(newer.firstT, end, c.evidenceMaxPoints / 2, older.mmsi);
    evidence.push(...newer.trail.slice(newer.firstT, end, c.evidenceMaxPoints / 2, newer.mmsi));
    const jumpKm = round(distanceM(older.lastLat, older.lastLon, newer.lastLat, newer.lastLon) / 1000, 1);
    this.finding(older.mmsi, newer.firstT, end, "clone", evidence, { jumpKm });
    if (active) this.cloned.add(older.mmsi);
    else this.cloned.delete(older.mmsi);
  }
}

/** The evidence of a run's first fixes (SpoofTrackState.fixes). */
function runPoints(st: SpoofTrackState, mmsi: number): EvidencePoint[] {
  const out: EvidencePoint[] = [];
  const f = st.fixes;
  if (f === null) return out;
  for (let i = 0; i < st.nFixes; i++) {
    const o = 4 * i;
    out.push([f[o], f[o + 1], f[o + 2], Number.isNaN(f[o + 3]) ? null : f[o + 3], mmsi]);
  }
  return out;
}
