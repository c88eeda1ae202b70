/**
 * Gap (going dark). Rule: a track is silent for at least `gapMinMs` (12 h, GFW) after
 * transmitting densely (≥ 14 fixes in the 12 h before, GFW/Welch et al.), and at least
 * `gapMinCoverage` (90 %) of the hourly points on its straight path lie near cells where
 * receivers have heard ships, or near the two fixes that bound the gap, which were heard
 * too (so the silence is not a coverage hole). The event gives the start and
 * end fixes, distance and implied speed across the gap, and the other vessels whose
 * gaps overlap it nearby (a possible dark transfer). Shared MMSIs are separated into
 * tracks before this rule runs, so two ships on one MMSI never splice into a gap.
 * A gap is reported when the vessel reappears.
 */
import { distanceM, METRES_PER_NM } from "../../geo/distance.js";
import type { Position } from "../../model/records.js";
import { type DetectContext, round } from "../engine/context.js";
import type { ConfigSlice, Detector, DetectorFactory } from "../engine/detector.js";
import type { Slot } from "../engine/slot.js";
import { rowPart } from "../engine/state-rows.js";
import type { Track } from "../engine/track.js";

export const GAP_DETECTOR = "gap@2";

/** The gap state's numbers in its track's row; its ring of recent fix times follows them. */
const GAP_NUMBERS = ["n", "next", "lastT", "lastLat", "lastLon"] as const;

export class GapTrackState extends rowPart(GAP_NUMBERS) {
  private readonly ring: number;
  lastSog: number | null = null;

  constructor(
    track: Track,
    at: number,
    private readonly size: number,
  ) {
    super(track, at);
    this.ring = this.o + GAP_NUMBERS.length;
    this.lastT = Number.NEGATIVE_INFINITY;
  }

  /** Records a fix time in the ring (the oldest drops out once it is full). */
  add(t: number): void {
    this.f[this.ring + this.next] = t;
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
    if (this.n < this.size) this.n++;
  }

  /** Fixes in the ring no older than `since`. */
  countSince(since: number): number {
    let c = 0;
    for (let i = 0; i < this.n; i++) if (this.f[this.ring + i] >= since) c++;
    return c;
  }
}

interface ReportedGap {
  mmsi: number;
  start: number;
  end: number;
  lat0: number;
  lon0: number;
  lat1: number;
  lon1: number;
}

/** The settings this rule reads (config.ts). */
export type GapConfig = ConfigSlice<
  | "darkPairM"
  | "evictMs"
  | "evidenceMaxPoints"
  | "gapDenseFixes"
  | "gapDenseWindowMs"
  | "gapMinCoverage"
  | "gapMinMs"
>;

export const gapRule: DetectorFactory = (ctx) => new GapDetector(ctx);

export class GapDetector implements Detector {
  private readonly config: GapConfig;
  private recent: ReportedGap[] = [];
  private readonly state: Slot<GapTrackState>;
  /** Where the state lies in a track row, and how many fix times its ring holds. */
  private readonly at: number;
  private readonly ringSize: number;

  constructor(private readonly ctx: DetectContext) {
    this.config = ctx.config;
    this.state = ctx.trackSlot();
    this.ringSize = Math.max(1, this.config.gapDenseFixes);
    this.at = ctx.trackLayout.reserve(GAP_NUMBERS.length + this.ringSize);
  }

  onFix(track: Track, p: Position): void {
    const c = this.config;
    let st = this.state.get(track);
    if (st === null) {
      st = new GapTrackState(track, this.at, this.ringSize);
      this.state.set(track, st);
    }
    if (p.t - st.lastT >= c.gapMinMs) this.judge(track, st, p);
    st.add(p.t);
    st.lastT = p.t;
    st.lastLat = p.lat;
    st.lastLon = p.lon;
    st.lastSog = p.sog;
  }

  private judge(track: Track, st: GapTrackState, p: Position): void {
    const c = this.config;
    const t0 = st.lastT;
    if (st.countSince(t0 - c.gapDenseWindowMs) < c.gapDenseFixes) return;
    const coverage = this.ctx.reception.coverage(t0, st.lastLat, st.lastLon, p.t, p.lat, p.lon);
    if (coverage === null || coverage < c.gapMinCoverage) return;
    const gap: ReportedGap = {
      mmsi: track.mmsi,
      start: t0,
      end: p.t,
      lat0: st.lastLat,
      lon0: st.lastLon,
      lat1: p.lat,
      lon1: p.lon,
    };
    const partners = this.darkPartners(gap);
    this.recent = this.recent.filter((g) => g.end >= p.t - c.evictMs);
    this.recent.push(gap);
    const distM = distanceM(st.lastLat, st.lastLon, p.lat, p.lon);
    const hours = (p.t - t0) / 3_600_000;
    const evidence = track.trail.slice(t0 - 2 * 3_600_000, t0 - 1, c.evidenceMaxPoints - 2, track.mmsi);
    evidence.push(
      [t0, st.lastLat, st.lastLon, st.lastSog, track.mmsi],
      [p.t, p.lat, p.lon, p.sog, track.mmsi],
    );
    this.ctx.emit({
      kind: "gap",
      detector: GAP_DETECTOR,
      status: "final",
      start: t0,
      end: p.t,
      mmsis: [track.mmsi],
      attributes: {
        durationH: round(hours, 2),
        startLat: round(st.lastLat, 5),
        startLon: round(st.lastLon, 5),
        endLat: round(p.lat, 5),
        endLon: round(p.lon, 5),
        distanceNm: round(distM / METRES_PER_NM, 2),
        impliedSpeedKn: round(distM / METRES_PER_NM / hours, 2),
        coverage: round(coverage, 3),
        darkPartners: partners,
      },
      evidence,
    });
  }

  /** Other vessels silent over an overlapping time with an end of their silence near one of ours. */
  private darkPartners(g: ReportedGap): number[] {
    const c = this.config;
    const near = (la: number, lo: number): boolean =>
      distanceM(la, lo, g.lat0, g.lon0) <= c.darkPairM || distanceM(la, lo, g.lat1, g.lon1) <= c.darkPairM;
    const out = new Set<number>();
    for (const o of this.recent) {
      if (o.mmsi === g.mmsi || o.end <= g.start || o.start >= g.end) continue;
      if (near(o.lat0, o.lon0) || near(o.lat1, o.lon1)) out.add(o.mmsi);
    }
    // Vessels still silent now, silent long enough to be a gap already.
    for (const v of this.ctx.vessels.values()) {
      if (v.mmsi === g.mmsi) continue;
      for (const t of v.tracks) {
        const s = this.state.get(t);
        if (t.dead || s === null || g.end - s.lastT < c.gapMinMs) continue;
        if (t.lastT > s.lastT) continue;
        if (near(s.lastLat, s.lastLon)) out.add(v.mmsi);
      }
    }
    return [...out].sort((a, b) => a - b);
  }
}
