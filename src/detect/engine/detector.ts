/**
 * What a detection rule is to the engine. The runner (runner.ts) orders the stream,
 * splits each MMSI into tracks and calls each detector of its list (rules/index.ts) at
 * the points below, in list order; it knows no detector by name. A rule keeps its
 * per-track and per-vessel state itself: numbers in the track's or vessel's row (a
 * rowPart at the offset it reserved in ctx.trackLayout / ctx.vesselLayout), objects in
 * the slot it reserved (ctx.trackSlot() / ctx.vesselSlot()). Every callback is optional.
 */
import type { Position, Static } from "../../model/records.js";
import type { DetectConfig } from "../config.js";
import type { DetectContext } from "./context.js";
import type { Track, Vessel } from "./track.js";

/** The part of the engine a rule that judges tracks may act on. */
export interface TrackControl {
  /** Ends a track: an unconfirmed one as outliers, a confirmed one closed (onTrackEnd, "dropped"). */
  dropTrack(t: Track, home: Track | null): void;
}

/** Why a confirmed track's open episodes are closed. */
export type TrackEndCause = "dropped" | "streamEnd";

export interface Detector {
  /** A fix of a confirmed track (its pending fixes too, once it is confirmed). */
  onFix?(track: Track, p: Position): void;
  /** A static report; `cloned` when the MMSI carries two ships now (their identities alternate). */
  onStatic?(v: Vessel, s: Static, cloned: boolean): void;
  /**
   * A static report that says what the vessel's previous one said (every field but the
   * time: a feed repeats its static reports, the US export one with every position), in
   * place of onStatic. Must act exactly as onStatic would on it, only cheaper; a rule
   * without it gets onStatic.
   */
  onRepeatStatic?(v: Vessel, s: Static, cloned: boolean): void;
  /** The time slice boundary `s` (every `sliceMs`), before the engine's track decisions. */
  onTick?(s: number): void;
  /**
   * A confirmed track with a jump origin, at a slice, on a vessel holding several live
   * tracks: what the other track is (clone, teleport) is the rule's to decide.
   */
  judgeTrack?(v: Vessel, y: Track, s: number, tracks: TrackControl): void;
  /** After judgeTrack has seen each of the vessel's tracks at slice `s`. */
  afterJudging?(v: Vessel, s: number): void;
  /** True while `t` must not be retired for silence (e.g. one ship of a live clone). */
  holdsTrack?(t: Track): boolean;
  /** An unconfirmed track dropped as outliers; `home` the vessel's confirmed track, if any. */
  onOutliers?(t: Track, home: Track | null): void;
  /**
   * A confirmed track ended: close its open episodes. May come more than once for a track
   * ("dropped" after it was already closed): closing must be idempotent.
   */
  onTrackEnd?(t: Track, cause: TrackEndCause): void;
  /** Vessels last heard before `limit` have been forgotten. */
  onEvict?(limit: number): void;
  /** End of the stream, before the tracks are closed (episodes spanning vessels). */
  onStreamEnd?(): void;
  /** End of the stream, after every track was closed. */
  onFinish?(): void;
}

/** A rule as the runner's list holds it: builds its detector for one run. */
export type DetectorFactory<D extends Detector = Detector> = (ctx: DetectContext, built: BuiltDetectors) => D;

/** The detectors built so far in list order: a rule may read the state of one listed before it. */
export class BuiltDetectors {
  private readonly byFactory = new Map<DetectorFactory, Detector>();

  add<D extends Detector>(factory: DetectorFactory<D>, d: D): void {
    this.byFactory.set(factory, d);
  }

  /** The detector `factory` built; fails when it is not listed before the one asking. */
  get<D extends Detector>(factory: DetectorFactory<D>): D {
    const d = this.byFactory.get(factory);
    if (d === undefined) throw new Error(`detector list: ${factory.name} must come before its users`);
    return d as D;
  }
}

/** A rule's slice of the config: the settings it reads. */
export type ConfigSlice<K extends keyof DetectConfig> = Pick<DetectConfig, K>;
