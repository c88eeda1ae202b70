/**
 * The detection engine. Takes Position and Static records in any order within the
 * allowed lateness, releases them in one total order through a watermark, separates
 * each MMSI into tracks (so cloned identities and spoofed bursts are split before any
 * per-vessel rule), feeds per-track detectors (gap, loitering, port call, land), runs
 * the pair finder and periodic checks at fixed time slices, and emits events through a
 * callback as soon as each rule is met. The rules are the detectors of one list
 * (rules/index.ts), each called through the Detector interface (detector.ts). A batch run is a replay of the same stream, so
 * batch and live give the same events. Memory holds state per active vessel, not
 * history: vessels silent for `evictMs` are forgotten.
 */
import { distanceM, KN_TO_MS } from "../../geo/distance.js";
import type { Port, Zone } from "../../geo/zones.js";
import type { Event, EventKind } from "../../model/event.js";
import { compareRecords, isStatic, type StreamRecord } from "../../model/record-order.js";
import {
  blankPosition,
  blankStatic,
  copyPosition,
  copyStatic,
  type Position,
  type Static,
  sameReport,
} from "../../model/records.js";
import { type DetectConfig, makeConfig } from "../config.js";
import { type Geography, OPEN_SEA } from "../geography.js";
import { DETECTORS } from "../rules/index.js";
import { DetectContext } from "./context.js";
import { BuiltDetectors, type Detector, type DetectorFactory, type TrackControl } from "./detector.js";
import { ReceptionGrid } from "./reception.js";
import { ReorderBuffer } from "./reorder.js";
import { Track, Vessel } from "./track.js";

export interface RunnerOptions {
  onEvent: (e: Event) => void;
  config?: Partial<DetectConfig>;
  geography?: Geography;
  /**
   * Places from the active profile (see profile/load.ts), and the harbours beyond its
   * ports: the world's ports (profile/world.ts) and the anchorages learned from the store
   * (store/anchorages.ts), where encounters and loitering are not looked for.
   */
  places?: { ports: Port[]; zones: Zone[]; portCallCountries: string[]; harbours?: readonly Port[] };
  /** Event kinds to emit; all when absent. */
  kinds?: readonly EventKind[];
  /** The detectors, in calling order; rules/index.ts's list when absent. */
  detectors?: readonly DetectorFactory[];
}

export interface RunnerStats {
  positions: number;
  statics: number;
  late: number;
  duplicates: number;
  notShips: number;
  nullIsland: number;
  outlierTracks: number;
  evictedVessels: number;
  events: number;
}

/** Message types that carry a ship's position (not base stations 4/11, SAR aircraft 9, AtoN 21). */
const SHIP_POSITION_TYPE = new Uint8Array(64);
for (const t of [1, 2, 3, 18, 19, 27]) SHIP_POSITION_TYPE[t] = 1;
/** Ship station MMSIs: nine digits with a MID first (2–7); coast stations, AtoN, SART and aircraft lie outside. */
const isShipMmsi = (mmsi: number): boolean => mmsi >= 200_000_000 && mmsi < 800_000_000;

const HOUR = 3_600_000;
const METRES_PER_DEG = 111_195;
const RAD = Math.PI / 180;

/** For each callback, the detectors that have it, in list order (a repeated report's callbacks: repeatCallers). */
type Callers = { [K in Exclude<keyof Detector, "onRepeatStatic">]-?: Required<Pick<Detector, K>>[] };

/** What each detector with a static callback is called with for a repeated report (onRepeatStatic, else onStatic). */
type RepeatCall = (v: Vessel, s: Static, cloned: boolean) => void;

function repeatCallers(ds: readonly Detector[]): RepeatCall[] {
  const out: RepeatCall[] = [];
  for (const d of ds) {
    if (d.onRepeatStatic !== undefined) out.push(d.onRepeatStatic.bind(d));
    else if (d.onStatic !== undefined) out.push(d.onStatic.bind(d));
  }
  return out;
}

function callers(ds: readonly Detector[]): Callers {
  const having = <K extends keyof Detector>(k: K) =>
    ds.filter((d) => d[k] !== undefined) as Required<Pick<Detector, K>>[];
  return {
    onFix: having("onFix"),
    onStatic: having("onStatic"),
    onTick: having("onTick"),
    judgeTrack: having("judgeTrack"),
    afterJudging: having("afterJudging"),
    holdsTrack: having("holdsTrack"),
    onOutliers: having("onOutliers"),
    onTrackEnd: having("onTrackEnd"),
    onEvict: having("onEvict"),
    onStreamEnd: having("onStreamEnd"),
    onFinish: having("onFinish"),
  };
}

export class DetectRunner implements TrackControl {
  readonly config: DetectConfig;
  readonly stats: RunnerStats = {
    positions: 0,
    statics: 0,
    late: 0,
    duplicates: 0,
    notShips: 0,
    nullIsland: 0,
    outlierTracks: 0,
    evictedVessels: 0,
    events: 0,
  };
  private readonly ctx: DetectContext;
  private readonly buffer: ReorderBuffer;
  private readonly reception: ReceptionGrid;
  private readonly by: Callers;
  /** The static callbacks for a report that repeats the vessel's last one. */
  private readonly repeaters: RepeatCall[];
  /** by.onFix, one load nearer (read per fix). */
  private readonly fixers: Callers["onFix"];
  /** Vessels holding more than one live track (the only ones the splitter must watch). */
  private readonly multi = new Set<Vessel>();
  private prev: StreamRecord | null = null;
  /** pushOrdered: the last record taken (its own copy) and the copies of each kind. */
  private prevOrdered: StreamRecord | null = null;
  private readonly lastOrdered = blankPosition();
  private readonly lastOrderedStatic = blankStatic();
  private nextTick = Number.NaN;
  /** The vessel looked up last (vessel()); null once the registry forgets vessels. */
  private lastVessel: Vessel | null = null;
  /** Vessels the registry has taken in, evicted ones included (Vessel.seq). */
  private vesselsTaken = 0;
  private lastT = Number.NEGATIVE_INFINITY;
  private readonly maxSpeedMs: number;
  private readonly nullIslandDeg: number;
  private readonly release = (r: StreamRecord): void => this.process(r);

  constructor(opts: RunnerOptions) {
    this.config = makeConfig(opts.config);
    const c = this.config;
    const kinds = opts.kinds ? new Set(opts.kinds) : null;
    const sink = (e: Event): void => {
      if (kinds !== null && !kinds.has(e.kind)) return;
      this.stats.events++;
      opts.onEvent(e);
    };
    const places = opts.places ?? { ports: [], zones: [], portCallCountries: [] };
    this.reception = new ReceptionGrid(
      c.receptionCellDeg,
      c.receptionRegionDeg,
      c.receptionStepMs,
      c.receptionMinHeard,
      c.receptionRadiusDeg,
      Math.ceil(c.evictMs / c.receptionStepMs) + 2,
      {
        feedMinShare: c.gapFeedMinShare,
        feedMinVessels: c.gapFeedMinVessels,
        minCoverage: c.gapMinCoverage,
        minVessels: c.receptionMinVessels,
        heardPerHour: c.receptionHeardPerHour,
        windowH: Math.round(c.receptionWindowMs / c.receptionStepMs),
      },
    );
    this.ctx = new DetectContext(
      c,
      opts.geography ?? OPEN_SEA,
      places.ports,
      places.portCallCountries,
      places.zones,
      this.reception,
      sink,
      places.harbours,
    );
    this.buffer = new ReorderBuffer(c.latenessMs);
    const built = new BuiltDetectors();
    const ds: Detector[] = [];
    for (const make of opts.detectors ?? DETECTORS) {
      const d = make(this.ctx, built);
      built.add(make, d);
      ds.push(d);
    }
    this.by = callers(ds);
    this.repeaters = repeatCallers(ds);
    this.fixers = this.by.onFix;
    this.maxSpeedMs = (c.maxSpeedKn * KN_TO_MS) / 1000;
    this.nullIslandDeg = c.nullIslandM / METRES_PER_DEG;
  }

  /** Adds one record; records already older than the released cut are dropped (stats.late). */
  push(r: Position | Static): void {
    if (!this.buffer.push(r)) {
      this.stats.late++;
      return;
    }
    const w = this.buffer.watermark();
    if (w > this.buffer.cut) this.advanceCut(w);
  }

  /**
   * Adds one record of a stream the caller delivers in the runner's own total order
   * (compareRecords: time, MMSI, positions before statics, then every field), as a store
   * replay does: no reorder buffer and no holding back, each record is processed as it
   * comes (profile: gathering each instant in pooled copies and sorting it was a tenth of
   * the CPU). The record is not kept, position or static: the caller may overwrite it for
   * its next row (replay `reuse`). A record that breaks the order is dropped (stats.late). Not to be mixed with
   * `push`.
   */
  pushOrdered(r: Position | Static): void {
    const prev = this.prevOrdered;
    if (prev !== null && r.t <= prev.t) {
      const order = r.t < prev.t ? -1 : r.mmsi !== prev.mmsi ? r.mmsi - prev.mmsi : compareRecords(r, prev);
      if (order < 0) {
        this.stats.late++;
        return;
      }
      if (order === 0) {
        this.stats.duplicates++;
        return;
      }
    }
    // the previous record for the next comparison, copied: the caller may reuse r
    this.prevOrdered = isStatic(r)
      ? copyStatic(this.lastOrderedStatic, r)
      : copyPosition(this.lastOrdered, r);
    this.handle(r);
  }

  /** Live mode: declares that no record older than `t` − lateness will come (e.g. wall clock). */
  advance(t: number): void {
    const w = t - this.config.latenessMs;
    if (w > this.buffer.cut) this.advanceCut(w);
  }

  /** End of the stream: releases everything and closes every open episode. */
  end(): void {
    this.buffer.drain(Number.POSITIVE_INFINITY, this.release);
    if (Number.isNaN(this.nextTick)) return;
    this.tick(this.nextTick);
    for (const d of this.by.onStreamEnd) d.onStreamEnd();
    const vessels = [...this.ctx.vessels.values()].sort((a, b) => a.mmsi - b.mmsi);
    for (const v of vessels) {
      for (const t of v.tracks) {
        if (t.dead) continue;
        t.dead = true;
        if (t.established) for (const d of this.by.onTrackEnd) d.onTrackEnd(t, "streamEnd");
      }
    }
    for (const d of this.by.onFinish) d.onFinish();
  }

  private advanceCut(w: number): void {
    this.buffer.drain(w, this.release);
    while (this.nextTick <= w) {
      this.tick(this.nextTick);
      this.nextTick += this.config.sliceMs;
    }
  }

  private process(r: StreamRecord): void {
    const prev = this.prev;
    this.prev = r;
    if (prev !== null && prev.t === r.t && prev.mmsi === r.mmsi && compareRecords(prev, r) === 0) {
      this.stats.duplicates++;
      return;
    }
    this.handle(r);
  }

  /** One record in the total order, duplicates already dropped. */
  private handle(r: StreamRecord): void {
    if (Number.isNaN(this.nextTick))
      this.nextTick = (Math.floor(r.t / this.config.sliceMs) + 1) * this.config.sliceMs;
    while (r.t >= this.nextTick) {
      this.tick(this.nextTick);
      this.nextTick += this.config.sliceMs;
    }
    if (r.t > this.lastT) this.lastT = r.t;
    if (!isShipMmsi(r.mmsi)) {
      this.stats.notShips++;
      return;
    }
    if (isStatic(r)) this.onStatic(r);
    else this.onPosition(r);
  }

  private vessel(mmsi: number): Vessel {
    // Fast path (profile, real US sample: each position's static report follows it, and
    // the registry's lookup among 10,000 vessels was a tenth of the static reports' work).
    const last = this.lastVessel;
    if (last !== null && last.mmsi === mmsi) return last;
    let v = this.ctx.vessels.get(mmsi);
    if (v === undefined) {
      v = new Vessel(mmsi, this.vesselsTaken++, this.ctx.vesselLayout.rows);
      this.ctx.vessels.set(mmsi, v);
    }
    this.lastVessel = v;
    return v;
  }

  private onStatic(s: Static): void {
    this.stats.statics++;
    const v = this.vessel(s.mmsi);
    // heard: a vessel heard by its static reports only is not forgotten at the next hour
    if (s.t > v.lastT) v.lastT = s.t;
    const cloned = this.multi.has(v) && v.tracks.filter((t) => t.established && !t.dead).length > 1;
    const last = v.lastReport;
    if (last !== null && sameReport(last, s)) {
      // Fast path (profile, real US sample: a static report with every position, nearly
      // all the last one again, and each rule judging it afresh a fifth of the CPU).
      for (const call of this.repeaters) call(v, s, cloned);
      return;
    }
    v.lastReport = copyStatic(last ?? blankStatic(), s);
    for (const d of this.by.onStatic) d.onStatic(v, s, cloned);
  }

  private onPosition(p: Position): void {
    if (SHIP_POSITION_TYPE[p.msgType & 63] !== 1) {
      this.stats.notShips++;
      return;
    }
    if (Math.abs(p.lat) < this.nullIslandDeg && Math.abs(p.lon) < this.nullIslandDeg) {
      this.stats.nullIsland++;
      return;
    }
    this.stats.positions++;
    const v = this.vessel(p.mmsi);
    if (p.t > v.lastT) v.lastT = p.t;
    const track = this.assign(v, p);
    track.record(p);
    this.ctx.recent.heard(track);
    if (p.t - track.receptionT >= this.config.receptionSampleMs) {
      // Sampled once a track-minute: a cell heard ten times is reached by the feed.
      track.receptionT = p.t;
      this.reception.hear(p, track);
    }
    if (v.solo === null) {
      for (const o of v.tracks) if (o !== track && !o.dead && o.firstT > track.firstT) o.concurrentFixes++;
    }
    if (track.established) this.feed(track, p);
    else {
      // a copy: p may be a pooled object (pushOrdered), refilled at a later instant
      track.pending.push(copyPosition(blankPosition(), p));
      const c = this.config;
      if (track.pending.length >= c.trackMinFixes && p.t - track.firstT >= c.trackMinSpanMs) {
        track.established = true;
        for (const q of track.pending) this.feed(track, q);
        track.pending = [];
      }
    }
  }

  /**
   * Fast path (profile: one loop's call site saw every detector class, so V8 inlined none
   * of their onFix and the runner took 30 % more CPU): one call site per list position,
   * each seeing one class, inlined as direct calls were before the Detector interface.
   */
  private feed(track: Track, p: Position): void {
    const ds = this.fixers;
    const n = ds.length;
    if (n > 0) ds[0].onFix(track, p);
    if (n > 1) ds[1].onFix(track, p);
    if (n > 2) ds[2].onFix(track, p);
    if (n > 3) ds[3].onFix(track, p);
    if (n > 4) ds[4].onFix(track, p);
    if (n > 5) ds[5].onFix(track, p);
    if (n > 6) ds[6].onFix(track, p);
    if (n > 7) ds[7].onFix(track, p);
    for (let i = 8; i < n; i++) ds[i].onFix(track, p);
  }

  /** The live track this fix can belong to (nearest one reachable), or a new track. */
  private assign(v: Vessel, p: Position): Track {
    const c = this.config;
    if (v.solo !== null) {
      // Fast path: one track and a fix well within reach on a flat-Earth estimate (which
      // overstates distance by well under 1 % at these ranges, so "well within" is safe).
      const t = v.solo;
      const dy = (p.lat - t.lastLat) * METRES_PER_DEG;
      if (Math.abs(p.lat - t.cosLatAt) > 0.5) {
        t.cosLatAt = p.lat;
        t.cosLat = Math.cos(p.lat * RAD);
      }
      // cos taken up to 0.5° away: off by under 1 % below 60° latitude, inside the 10 % margin
      const dx = (p.lon - t.lastLon) * METRES_PER_DEG * t.cosLat;
      const r = Math.max(c.jumpSlackM, (p.t - t.lastT) * this.maxSpeedMs) * 0.9;
      if (!t.dead && dx * dx + dy * dy <= r * r) return t;
    }
    let best: Track | null = null;
    let bestD = Number.POSITIVE_INFINITY;
    let live = 0;
    for (const t of v.tracks) {
      if (t.dead) continue;
      live++;
      const d = distanceM(t.lastLat, t.lastLon, p.lat, p.lon);
      if (d <= Math.max(c.jumpSlackM, (p.t - t.lastT) * this.maxSpeedMs) && d < bestD) {
        best = t;
        bestD = d;
      }
    }
    if (best !== null) return best;
    const t = new Track(v, v.nextIndex++, c.evidenceIntervalMs, this.ctx.trackLayout.rows);
    const home = v.latestTrack();
    if (home !== null) t.origin = [home.lastT, home.lastLat, home.lastLon];
    if (live >= c.maxTracksPerMmsi) {
      let stalest: Track | null = null;
      for (const o of v.tracks) if (!o.dead && (stalest === null || o.lastT < stalest.lastT)) stalest = o;
      if (stalest !== null) this.dropTrack(stalest, home);
    }
    v.tracks = v.tracks.filter((o) => !o.dead);
    v.tracks.push(t);
    v.solo = v.tracks.length === 1 ? t : null;
    if (v.tracks.length > 1) this.multi.add(v);
    return t;
  }

  /** Kills a track: an unconfirmed one is an outlier burst (jump), a confirmed one is closed. */
  dropTrack(t: Track, home: Track | null): void {
    if (!t.established) {
      this.stats.outlierTracks++;
      const back = home !== t ? home : null;
      for (const d of this.by.onOutliers) d.onOutliers(t, back);
      t.dead = true;
      return;
    }
    t.dead = true;
    for (const d of this.by.onTrackEnd) d.onTrackEnd(t, "dropped");
  }

  /** Periodic work at slice boundary `s`: the detectors' slice, track splitting decisions, eviction. */
  private tick(s: number): void {
    for (const d of this.by.onTick) d.onTick(s);
    for (const v of [...this.multi]) this.resolveTracks(v, s);
    if (s % HOUR === 0) this.evict(s);
  }

  /**
   * A vessel's extra tracks: unconfirmed ones silent too long are outliers; what a
   * confirmed one is (clone, teleport) the detectors judge (spoofing.ts); a confirmed one
   * left silent is retired.
   */
  private resolveTracks(v: Vessel, s: number): void {
    const c = this.config;
    for (const y of v.tracks) {
      if (y.dead) continue;
      if (!y.established) {
        if (s - y.lastT > c.outlierTimeoutMs) this.dropTrack(y, v.latestTrack());
        continue;
      }
      for (const d of this.by.judgeTrack) d.judgeTrack(v, y, s, this);
    }
    for (const d of this.by.afterJudging) d.afterJudging(v, s);
    // A confirmed track left silent while the MMSI transmits from another one (the other
    // ship of an ended clone, the origin of a teleport) is retired, so that a later fix
    // near it cannot open a false gap across all that time.
    let freshest = Number.NEGATIVE_INFINITY;
    for (const t of v.tracks) if (!t.dead && t.established) freshest = Math.max(freshest, t.lastT);
    for (const t of v.tracks) {
      if (t.dead || !t.established || this.held(t)) continue;
      if (freshest - t.lastT > c.gapMinMs / 2) this.dropTrack(t, null);
    }
    v.tracks = v.tracks.filter((t) => !t.dead);
    v.solo = v.tracks.length === 1 ? v.tracks[0] : null;
    if (v.tracks.length <= 1) this.multi.delete(v);
  }

  private held(t: Track): boolean {
    for (const d of this.by.holdsTrack) if (d.holdsTrack(t)) return true;
    return false;
  }

  /** Forgets vessels silent for `evictMs`: memory follows the vessels active at once. */
  private evict(s: number): void {
    const limit = s - this.config.evictMs;
    for (const v of this.ctx.vessels.values()) {
      if (v.lastT >= limit) continue;
      for (const t of v.tracks) this.dropTrack(t, null);
      this.ctx.vessels.delete(v.mmsi);
      if (v === this.lastVessel) this.lastVessel = null;
      this.multi.delete(v);
      this.stats.evictedVessels++;
    }
    for (const d of this.by.onEvict) d.onEvict(limit);
  }
}
